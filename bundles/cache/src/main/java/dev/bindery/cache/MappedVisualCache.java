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
 * The {@link VisualCache} over a memory-mapped {@link CacheFile} with {@link ExactSearch}: checks the query, searches,
 * and returns the neighbours with their stored vectors, ids and sources. Thread-safe.
 */
public final class MappedVisualCache implements VisualCache {
    private final String name;
    private final CacheFile file;
    private final ExactSearch search;

    /** A cache called {@code name} over {@code file}, searched on {@code parallel}. */
    public MappedVisualCache(String name, CacheFile file, Parallel parallel) {
        this.name = Objects.requireNonNull(name, "name");
        this.file = Objects.requireNonNull(file, "file");
        this.search = new ExactSearch(file, parallel);
    }

    @Override
    public CacheInfo info() {
        return new CacheInfo(name, file.modelId(), file.dimension(), file.size(), true);
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
        SearchHits hits = search.search(query, k);
        List<Neighbour> out = new ArrayList<>(hits.size());
        for (int i = 0; i < hits.size(); i++) {
            long index = hits.index(i);
            out.add(new Neighbour(index, file.id(index), hits.score(i), file.vector(index),
                    file.source(index).orElse(null)));
        }
        return out;
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
