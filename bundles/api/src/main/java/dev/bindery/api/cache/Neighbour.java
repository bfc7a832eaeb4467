package dev.bindery.api.cache;

import java.util.Objects;
import java.util.Optional;

/**
 * One search result: the entry's position in the cache, its id, its inner product with the query, the stored vector
 * and, when the cache recorded it, the source the vector was computed from (a path or a caption).
 */
public final class Neighbour {
    private final long index;
    private final String id;
    private final float score;
    private final float[] vector;
    private final String source;

    public Neighbour(long index, String id, float score, float[] vector, String source) {
        this.index = index;
        this.id = Objects.requireNonNull(id, "id");
        this.score = score;
        this.vector = Objects.requireNonNull(vector, "vector").clone();
        this.source = source;
    }

    public long index() {
        return index;
    }

    public String id() {
        return id;
    }

    public float score() {
        return score;
    }

    /** A copy of the stored vector. */
    public float[] vector() {
        return vector.clone();
    }

    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    @Override
    public String toString() {
        return "#" + index + " " + id + " (" + score + ")";
    }
}
