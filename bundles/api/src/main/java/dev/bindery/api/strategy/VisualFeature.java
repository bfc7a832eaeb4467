package dev.bindery.api.strategy;

import dev.bindery.api.cache.Neighbour;
import java.util.List;
import java.util.Objects;

/**
 * A strategy's result: the query that went into the bind network, the visual feature that came out, and the cache
 * neighbours used (empty for strategies without a cache).
 */
public final class VisualFeature {
    private final float[] query;
    private final float[] feature;
    private final List<Neighbour> neighbours;

    public VisualFeature(float[] query, float[] feature, List<Neighbour> neighbours) {
        this.query = Objects.requireNonNull(query, "query").clone();
        this.feature = Objects.requireNonNull(feature, "feature").clone();
        this.neighbours = List.copyOf(neighbours);
    }

    public float[] query() {
        return query.clone();
    }

    public float[] feature() {
        return feature.clone();
    }

    public List<Neighbour> neighbours() {
        return neighbours;
    }
}
