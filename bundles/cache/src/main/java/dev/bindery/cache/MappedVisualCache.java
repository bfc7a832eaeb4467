package dev.bindery.cache;

import dev.bindery.api.InvalidInputException;
import dev.bindery.api.cache.CacheInfo;
import dev.bindery.api.cache.Neighbour;
import dev.bindery.api.cache.VisualCache;
import dev.bindery.tensor.kernel.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@link VisualCache} over a memory-mapped {@link CacheFile}, searched by {@link ExactSearch} or, when given
 * one, by its {@link HnswIndex}: checks the query, searches, and returns the neighbours with their stored vectors,
 * ids and sources. Thread-safe.
 */
public final class MappedVisualCache implements VisualCache {
    private final String name;
    private final CacheFile file;
    private final ExactSearch search;
    private final HnswIndex index;
    private final int ef;

    /** A cache called {@code name} over {@code file}, searched exactly on {@code parallel}. */
    public MappedVisualCache(String name, CacheFile file, Parallel parallel) {
        this.name = Objects.requireNonNull(name, "name");
        this.file = Objects.requireNonNull(file, "file");
        this.search = new ExactSearch(file, parallel);
        this.index = null;
        this.ef = 0;
    }

    /**
     * A cache called {@code name} searched through {@code index} (over {@code index.cache()}) with a beam of
     * {@code ef} candidates.
     */
    public MappedVisualCache(String name, HnswIndex index, int ef) {
        if (ef < 1) {
            throw new IllegalArgumentException("ef must be at least 1, not " + ef);
        }
        this.name = Objects.requireNonNull(name, "name");
        this.index = Objects.requireNonNull(index, "index");
        this.file = index.cache();
        this.search = null;
        this.ef = ef;
    }

    @Override
    public CacheInfo info() {
        return new CacheInfo(name, file.modelId(), file.dimension(), file.size(), index == null);
    }

    @Override
    public List<Neighbour> search(float[] query, int k) throws InvalidInputException {
        if (query == null || query.length != file.dimension()) {
            throw new InvalidInputException("the cache " + name + " holds " + file.dimension() + "-d vectors; the query is "
                    + (query == null ? "missing" : query.length + "-d"));
        }
        for (int i = 0; i < query.length; i++) {
            if (!Float.isFinite(query[i])) {
                throw new InvalidInputException("the query for the cache " + name + " holds " + query[i] + " at index " + i);
            }
        }
        if (k < 1) {
            throw new InvalidInputException("the number of neighbours must be at least 1, not " + k);
        }
        SearchHits hits = index == null ? search.search(query, k) : index.search(query, k, ef);
        List<Neighbour> out = new ArrayList<>(hits.size());
        for (int i = 0; i < hits.size(); i++) {
            long index = hits.index(i);
            out.add(new Neighbour(index, file.id(index), hits.score(i), file.vector(index),
                    file.source(index).orElse(null)));
        }
        return out;
    }

    /** The approximate index searched, if any. */
    public java.util.Optional<HnswIndex> index() {
        return java.util.Optional.ofNullable(index);
    }

    /** The file behind the cache. */
    public CacheFile file() {
        return file;
    }

    @Override
    public String toString() {
        return info().toString();
    }
}
