package dev.bindery.shell.internal;

import java.util.ArrayList;
import java.util.TreeSet;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/** The distinct values of one property over the registered services of a type, sorted (for completers). */
final class ServiceNames {
    private ServiceNames() {
    }

    static List<String> of(BundleContext context, Class<?> type, String property) {
        TreeSet<String> names = new TreeSet<>();
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(type.getName(), null);
            if (refs != null) {
                for (ServiceReference<?> ref : refs) {
                    Object name = ref.getProperty(property);
                    if (name != null) {
                        names.add(String.valueOf(name));
                    }
                }
            }
        } catch (InvalidSyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
        return new ArrayList<>(names);
    }
}
