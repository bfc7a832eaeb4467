package dev.bindery.cache;

import dev.bindery.cache.internal.hnsw.GraphBinding;
import dev.bindery.cache.internal.hnsw.GraphFile;
import dev.bindery.cache.internal.hnsw.GraphSearch;
import dev.bindery.cache.internal.hnsw.MappedGraph;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The approximate index of a cache: an HNSW graph (Apache Lucene's, built by {@link HnswIndexBuilder}) stored in
 * {@code <cache file>.hnsw} and mapped into memory. A search walks the graph with a beam of {@code ef} candidates,
 * scores each visited entry exactly against the query from the cache's own rows, and returns the best {@code k} of
 * the beam with their exact inner products, so its hits are exact scores of a possibly incomplete neighbour set.
 * Opening checks that the graph was built from this very cache (entry count, dimension and matrix checksum).
 * Thread-safe.
 */
public final class HnswIndex {
    /** Neighbours per node on the upper levels (twice as many on level 0). */
    public static final int DEFAULT_M = 32;
    /** Candidates kept while inserting a node. */
    public static final int DEFAULT_BEAM_WIDTH = 200;
    /** Candidates kept while searching. */
    public static final int DEFAULT_EF = 100;
    /** The suffix of graph files, appended to the cache file's name. */
    public static final String SUFFIX = ".hnsw";

    private final CacheFile cache;
    private final Path path;
    private final MappedGraph graph;

    private HnswIndex(CacheFile cache, Path path, MappedGraph graph) {
        this.cache = cache;
        this.path = path;
        this.graph = graph;
    }

    /** Where the index of {@code cacheFile} lives: the same name with {@value #SUFFIX} appended. */
    public static Path pathFor(Path cacheFile) {
        return cacheFile.resolveSibling(cacheFile.getFileName() + SUFFIX);
    }

    /**
     * Opens the graph file {@code file} for {@code cache}.
     *
     * @param verify also check the graph's checksum (reads the whole graph once)
     * @throws dev.bindery.tensor.io.FormatException naming the file when it is not a graph, is truncated or corrupt,
     *                                               or was built for another cache (then it must be rebuilt)
     */
    public static HnswIndex open(CacheFile cache, Path file, boolean verify) throws IOException {
        Objects.requireNonNull(cache, "cache");
        return new HnswIndex(cache, file, GraphFile.open(file, binding(cache), verify));
    }

    static GraphBinding binding(CacheFile cache) {
        return new GraphBinding(cache.size(), cache.dimension(), cache.header().matrixCrc());
    }

    /**
     * The {@code k} best entries the graph search finds for {@code query} with a beam of {@code max(ef, k)}
     * candidates, best first (ties by lower index).
     *
     * @throws IllegalArgumentException if the query's length is not the cache's dimension, or {@code k < 1}
     */
    public SearchHits search(float[] query, int k, int ef) {
        if (query.length != cache.dimension()) {
            throw new IllegalArgumentException("the cache " + cache.path() + " holds " + cache.dimension()
                    + "-d vectors; the query is " + query.length + "-d");
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, not " + k);
        }
        GraphSearch.Candidates found = GraphSearch.search(graph, cache, query, Math.max(ef, k));
        int n = Math.min(k, found.entries().length);
        long[] indices = new long[n];
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            indices[i] = found.entries()[i];
            scores[i] = found.scores()[i];
        }
        return new SearchHits(indices, scores);
    }

    /** The cache the graph indexes. */
    public CacheFile cache() {
        return cache;
    }

    /** The graph file. */
    public Path path() {
        return path;
    }

    /** Number of graph levels. */
    public int levels() {
        return graph.levels();
    }

    /** The M the graph was built with. */
    public int m() {
        return graph.m();
    }

    /** The beam width the graph was built with. */
    public int beamWidth() {
        return graph.beamWidth();
    }

    /** Bytes of the mapped graph (besides the cache's vectors). */
    public long graphBytes() {
        return graph.bytes();
    }

    @Override
    public String toString() {
        return "HNSW index " + path + " (" + graph.size() + " nodes, " + graph.levels() + " levels, M " + graph.m()
                + ", beam " + graph.beamWidth() + ")";
    }
}
