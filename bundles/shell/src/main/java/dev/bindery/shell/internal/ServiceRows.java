package dev.bindery.shell.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Reads registered services of one type as rows of their service properties, best-ranked first — the order in which
 * the pipeline would pick them. Reading properties never gets the service itself, so listing does not activate or
 * hold any model.
 */
final class ServiceRows {
    private ServiceRows() {
    }

    /**
     * One row per registered service of {@code type}: the given property keys (under their column names), the
     * ranking, the service id and the providing bundle.
     */
    static List<Map<String, Object>> of(BundleContext context, Class<?> type, Map<String, String> columns) {
        ServiceReference<?>[] refs;
        try {
            refs = context.getAllServiceReferences(type.getName(), null);
        } catch (InvalidSyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        if (refs == null) {
            return rows;
        }
        Arrays.sort(refs, Comparator.<ServiceReference<?>>naturalOrder().reversed());
        for (ServiceReference<?> ref : refs) {
            Map<String, Object> row = new LinkedHashMap<>();
            columns.forEach((column, key) -> row.put(column, ref.getProperty(key)));
            Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
            row.put("ranking", ranking instanceof Integer ? ranking : 0);
            row.put("service.id", ref.getProperty(Constants.SERVICE_ID));
            row.put("bundle", ref.getBundle() == null ? null : ref.getBundle().getSymbolicName());
            rows.add(row);
        }
        return rows;
    }
}
