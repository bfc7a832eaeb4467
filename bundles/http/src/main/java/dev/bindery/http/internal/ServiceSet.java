package dev.bindery.http.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.osgi.framework.Constants;

/**
 * The registered services of one type with their properties, best first by {@code service.ranking} and then the
 * lowest service id, as OSGi orders them. DS binds and unbinds at any time; every read sees a consistent snapshot.
 */
final class ServiceSet<S> {
    /** One service with its properties. */
    static final class Entry<S> {
        final S service;
        final Map<String, Object> properties;

        Entry(S service, Map<String, Object> properties) {
            this.service = service;
            this.properties = Map.copyOf(properties);
        }

        String property(String key) {
            Object value = properties.get(key);
            return value == null ? null : String.valueOf(value);
        }

        private int ranking() {
            Object value = properties.get(Constants.SERVICE_RANKING);
            return value instanceof Integer ? (Integer) value : 0;
        }

        private long id() {
            Object value = properties.get(Constants.SERVICE_ID);
            return value instanceof Long ? (Long) value : Long.MAX_VALUE;
        }
    }

    private static final Comparator<Entry<?>> BEST_FIRST =
            Comparator.<Entry<?>>comparingInt(Entry::ranking).reversed().thenComparingLong(Entry::id);

    private final List<Entry<S>> entries = new CopyOnWriteArrayList<>();

    void add(S service, Map<String, Object> properties) {
        entries.add(new Entry<>(service, properties));
    }

    void remove(S service) {
        entries.removeIf(e -> e.service == service);
    }

    /** Every entry, best first. */
    List<Entry<S>> all() {
        return entries.stream().sorted(BEST_FIRST).collect(Collectors.toList());
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }
}
