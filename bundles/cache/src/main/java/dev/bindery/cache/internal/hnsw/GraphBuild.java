package dev.bindery.cache.internal.hnsw;

import dev.bindery.cache.CacheFile;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.apache.lucene.search.TaskExecutor;
import org.apache.lucene.util.hnsw.HnswConcurrentMergeBuilder;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;

/**
 * Builds an HNSW graph over every entry of a cache with Lucene's concurrent builder (its workers insert disjoint
 * batches of entries into one graph under Lucene's striped locks). The level of each node comes from Lucene's seeded
 * generator; with more than one thread the order of insertions, and so the graph, varies from run to run.
 */
public final class GraphBuild {
    private GraphBuild() {
    }

    /**
     * Builds the graph; {@code progress} receives a way to read how many entries have been inserted so far (it may
     * poll it from another thread while this method runs).
     */
    public static OnHeapHnswGraph build(CacheFile file, int m, int beamWidth, int threads,
                                        java.util.function.Consumer<IntSupplier> progress) throws IOException {
        int size = Math.toIntExact(file.size());
        // Lucene constructs the empty graph only inside its package; a single-threaded builder hands one out.
        OnHeapHnswGraph graph = HnswGraphBuilder.create(CacheScorers.forBuild(file), m, beamWidth,
                HnswGraphBuilder.randSeed, size).getGraph();
        progress.accept(graph::size);
        AtomicInteger counter = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread t = new Thread(task, "bindery-hnsw-build-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            HnswConcurrentMergeBuilder builder = new HnswConcurrentMergeBuilder(new TaskExecutor(pool), threads,
                    CacheScorers.forBuild(file), m, beamWidth, graph, null);
            return builder.build(size);
        } finally {
            pool.shutdownNow();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The seed Lucene's builders draw node levels from (recorded for reproducibility notes). */
    public static long seed() {
        return HnswGraphBuilder.randSeed;
    }
}
