package dev.bindery.encoder.image.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** A fake framework that records service registrations, and configuration annotations built from maps. */
final class FakeFramework {
    final List<Object> services = new ArrayList<>();
    final List<Dictionary<String, ?>> properties = new ArrayList<>();
    int unregistered;

    BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("registerService")) {
                        services.add(args[1]);
                        properties.add(cast(args[2]));
                        return Proxy.newProxyInstance(getClass().getClassLoader(),
                                new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> {
                                    if (m.getName().equals("unregister")) {
                                        unregistered++;
                                    }
                                    return null;
                                });
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A configuration annotation whose attributes come from {@code values}, else from their defaults. */
    static <A extends Annotation> A config(Class<A> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("annotationType")) {
                return type;
            }
            Object v = values.get(method.getName());
            return v != null ? v : method.getDefaultValue();
        }));
    }

    @SuppressWarnings("unchecked")
    private static Dictionary<String, ?> cast(Object o) {
        return (Dictionary<String, ?>) o;
    }
}
