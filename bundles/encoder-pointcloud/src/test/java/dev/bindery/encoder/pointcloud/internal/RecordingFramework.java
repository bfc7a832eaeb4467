package dev.bindery.encoder.pointcloud.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Test double of the OSGi framework: a {@link BundleContext} that records service registrations and unregistrations,
 * and configuration annotations whose attributes come from a map (else their defaults).
 */
final class RecordingFramework {
    final List<Object> services = new ArrayList<>();
    final List<Dictionary<String, ?>> properties = new ArrayList<>();
    int unregistered;

    BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("registerService")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    services.add(args[1]);
                    @SuppressWarnings("unchecked")
                    Dictionary<String, ?> props = (Dictionary<String, ?>) args[2];
                    properties.add(props);
                    return Proxy.newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> {
                                if (m.getName().equals("unregister")) {
                                    unregistered++;
                                }
                                return null;
                            });
                });
    }

    static <A extends Annotation> A config(Class<A> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("annotationType")) {
                return type;
            }
            Object v = values.get(method.getName());
            return v != null ? v : method.getDefaultValue();
        }));
    }
}
