package dev.bindery.runtime.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.osgi.framework.Constants;

/**
 * The services of one type the pipeline may use, with their properties, best first by {@code service.ranking}
 * (then lowest service id), as OSGi orders them. Bound and unbound by DS at any time; every lookup sees a consistent
 * snapshot, so a provider going away mid-request never corrupts a lookup.
 */
final class RankedServices<S> {
    /** One registered service with its properties. */
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

        int ranking() {
            Object value = properties.get(Constants.SERVICE_RANKING);
            return value instanceof Integer ? (Integer) value : 0;
        }

        long id() {
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

    /** Whether {@code service} is still bound (DS unbinds a service before its provider closes it). */
    boolean contains(S service) {
        for (Entry<S> e : entries) {
            if (e.service == service) {
                return true;
            }
        }
        return false;
    }

    /** The best-ranked service whose entry matches. */
    Optional<Entry<S>> best(Predicate<Entry<S>> filter) {
        return entries.stream().filter(filter).sorted(BEST_FIRST).findFirst();
    }

    /** All entries matching, best first. */
    List<Entry<S>> all(Predicate<Entry<S>> filter) {
        List<Entry<S>> out = new ArrayList<>();
        entries.stream().filter(filter).sorted(BEST_FIRST).forEach(out::add);
        return out;
    }
}
