package dev.bindery.api.cache;

import java.util.Objects;

/**
 * Describes a {@link VisualCache}: name, embedding model id, dimension, number of entries and whether its search is
 * exact or approximate.
 */
public final class CacheInfo {
    private final String name;
    private final String modelId;
    private final int dimension;
    private final long size;
    private final boolean exact;

    public CacheInfo(String name, String modelId, int dimension, long size, boolean exact) {
        this.name = Objects.requireNonNull(name, "name");
        this.modelId = Objects.requireNonNull(modelId, "modelId");
        this.dimension = dimension;
        this.size = size;
        this.exact = exact;
    }

    public String name() {
        return name;
    }

    public String modelId() {
        return modelId;
    }

    public int dimension() {
        return dimension;
    }

    public long size() {
        return size;
    }

    /** {@code true} for an exhaustive scan, {@code false} for an approximate index. */
    public boolean exact() {
        return exact;
    }

    @Override
    public String toString() {
        return "cache " + name + " (" + size + " x " + dimension + ", " + modelId + (exact ? ", exact" : ", approximate")
                + ")";
    }
}
