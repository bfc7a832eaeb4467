package dev.bindery.cache;

import java.util.Objects;
import java.util.Optional;

/** One entry to write into a cache: an id, the embedding and optionally where it came from (a path or caption). */
public final class CacheEntry {
    private final String id;
    private final float[] vector;
    private final String source;

    public CacheEntry(String id, float[] vector, String source) {
        this.id = Objects.requireNonNull(id, "id");
        this.vector = Objects.requireNonNull(vector, "vector").clone();
        this.source = source;
    }

    public String id() {
        return id;
    }

    /** A copy of the vector. */
    public float[] vector() {
        return vector.clone();
    }

    float[] vectorNoCopy() {
        return vector;
    }

    public Optional<String> source() {
        return Optional.ofNullable(source);
    }
}
