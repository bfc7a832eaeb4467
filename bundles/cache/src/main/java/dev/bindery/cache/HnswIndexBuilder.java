package dev.bindery.cache;

import dev.bindery.cache.internal.hnsw.GraphBuild;
import dev.bindery.cache.internal.hnsw.GraphFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;

/**
 * Builds the {@link HnswIndex} of a cache file: the graph is built on the heap (neighbour ids and scores, about
 * {@code 8 * (2M + 1)} bytes per entry plus Lucene's bookkeeping) on several threads, reading the vectors from the cache's mapping, then
 * written to the graph file atomically, so a killed build leaves either the old graph or none. Progress is reported
 * about once a second from a separate thread.
 */
public final class HnswIndexBuilder {
    /** Receives the number of entries inserted so far. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> { };

        void inserted(long done, long total);
    }

    /**
     * What a build did; {@code graphHeapBytes} is the heap the graph held at the end of the build (Lucene's own
     * estimate), the memory a build needs besides the mapped cache.
     */
    public record Result(Path target, long entries, int levels, long fileBytes, long graphHeapBytes, Duration elapsed) {
    }

    private HnswIndexBuilder() {
    }

    /**
     * Builds the graph of {@code cache} and writes it to {@code target} (normally {@link HnswIndex#pathFor}).
     *
     * @param m         neighbours per node on the upper levels, 2 to 512 ({@link HnswIndex#DEFAULT_M})
     * @param beamWidth candidates kept while inserting, at least {@code m} ({@link HnswIndex#DEFAULT_BEAM_WIDTH})
     * @param threads   builder threads, at least 1
     * @throws IllegalArgumentException for an empty cache, a cache of more than {@code 2^31 - 1} entries, or bad
     *                                  parameters
     */
    public static Result build(CacheFile cache, Path target, int m, int beamWidth, int threads, Progress progress)
            throws IOException {
        if (cache.size() < 1 || cache.size() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("an HNSW index needs 1 to " + Integer.MAX_VALUE + " entries; "
                    + cache.path() + " holds " + cache.size());
        }
        if (m < 2 || m > 512 || beamWidth < m || threads < 1) {
            throw new IllegalArgumentException("HNSW parameters M " + m + " (2..512), beam width " + beamWidth
                    + " (at least M), threads " + threads + " (at least 1)");
        }
        long started = System.nanoTime();
        AtomicReference<IntSupplier> inserted = new AtomicReference<>(() -> 0);
        Thread reporter = new Thread(() -> report(inserted, cache.size(), progress), "bindery-hnsw-progress");
        reporter.setDaemon(true);
        OnHeapHnswGraph graph;
        reporter.start();
        try {
            graph = GraphBuild.build(cache, m, beamWidth, threads, inserted::set);
        } finally {
            reporter.interrupt();
            try {
                reporter.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        progress.inserted(cache.size(), cache.size());
        long bytes = GraphFile.write(graph, HnswIndex.binding(cache), m, beamWidth, target);
        return new Result(target, cache.size(), graph.numLevels(), bytes, graph.ramBytesUsed(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    private static void report(AtomicReference<IntSupplier> inserted, long total, Progress progress) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(1000);
                progress.inserted(inserted.get().getAsInt(), total);
            }
        } catch (InterruptedException done) {
            // the build finished
        }
    }
}
