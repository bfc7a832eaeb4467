package dev.bindery.encoder.audio.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * A bundle context that only records service registrations and unregistrations (anything else fails the test), and
 * component configurations built from maps.
 */
final class RecordingContext {
    final List<Object> services = new ArrayList<>();
    final List<Dictionary<String, ?>> properties = new ArrayList<>();
    int unregistered;

    BundleContext context() {
        ClassLoader loader = getClass().getClassLoader();
        return (BundleContext) Proxy.newProxyInstance(loader, new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("registerService")) {
                        throw new UnsupportedOperationException("BundleContext." + method.getName());
                    }
                    services.add(args[1]);
                    properties.add(dictionary(args[2]));
                    return Proxy.newProxyInstance(loader, new Class<?>[] {ServiceRegistration.class},
                            (registration, m, a) -> {
                                if (m.getName().equals("unregister")) {
                                    unregistered++;
                                    return null;
                                }
                                throw new UnsupportedOperationException("ServiceRegistration." + m.getName());
                            });
                });
    }

    /** A configuration whose attributes come from {@code values}, else from the annotation's defaults. */
    static <A extends Annotation> A config(Class<A> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("annotationType")) {
                return type;
            }
            Object value = values.get(method.getName());
            return value != null ? value : method.getDefaultValue();
        }));
    }

    @SuppressWarnings("unchecked")
    private static Dictionary<String, ?> dictionary(Object o) {
        return (Dictionary<String, ?>) o;
    }
}
