package dev.bindery.bench;

import dev.bindery.cache.CacheFile;
import dev.bindery.cache.CacheWriter;
import dev.bindery.cache.ExactSearch;
import dev.bindery.cache.Residency;
import dev.bindery.cache.SearchHits;
import dev.bindery.tensor.DType;
import dev.bindery.tensor.kernel.Parallel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Exact top-10 inner-product search over a cache of {@link #ENTRIES} random unit vectors of width {@link #DIM} (the
 * released cache's width; FAISS's flat-index anchor uses the same size), in F32 and F16, on 1 and 2 threads, with the
 * vectors in the file's mapping and in the heap:
 * {@link #query} is one query, {@link #batch8} eight queries in one pass over the matrix. The cache files are
 * written once into the folder named by {@value #DIR_PROPERTY} (see {@link CacheSummary}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CacheSearchBenchmark {
    public static final int ENTRIES = 1_000_000;
    public static final int DIM = 1024;
    public static final int BATCH = 8;
    public static final String DIR_PROPERTY = "bindery.bench.cache.dir";

    @Param({"F32", "F16"})
    public String dtype;

    @Param({"1", "2"})
    public int threads;

    /** {@code mapped}: blocks are copied out of the file's mapping; {@code heap}: the matrix is in the heap. */
    @Param({"mapped", "heap"})
    public String residency;

    private Parallel parallel;
    private CacheFile file;
    private ExactSearch search;
    private float[] queries;

    /** The file of one storage type in {@code dir}, written if it is not there yet. */
    static Path cacheFile(Path dir, DType type) throws IOException {
        Path file = dir.resolve("bench-" + ENTRIES + "x" + DIM + "-" + type + ".cache");
        if (Files.isRegularFile(file)) {
            return file;
        }
        Files.createDirectories(dir);
        SplittableRandom random = new SplittableRandom(42);
        float[] v = new float[DIM];
        try (CacheWriter w = CacheWriter.create(file, "random", DIM, type)) {
            for (int i = 0; i < ENTRIES; i++) {
                unit(random, v);
                w.add(Integer.toString(i), v, null);
            }
            w.commit();
        }
        return file;
    }

    private static void unit(SplittableRandom random, float[] v) {
        double sum = 0;
        for (int k = 0; k < v.length; k++) {
            v[k] = (float) (random.nextDouble() * 2 - 1);
            sum += v[k] * v[k];
        }
        float inv = (float) (1 / Math.sqrt(sum));
        for (int k = 0; k < v.length; k++) {
            v[k] *= inv;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path dir = Paths.get(System.getProperty(DIR_PROPERTY, System.getProperty("java.io.tmpdir")));
        file = CacheFile.open(cacheFile(dir, DType.valueOf(dtype)), false, Residency.parse(residency));
        parallel = new Parallel(threads, "bench-cache");
        search = new ExactSearch(file, parallel);
        SplittableRandom random = new SplittableRandom(7);
        queries = new float[BATCH * DIM];
        float[] q = new float[DIM];
        for (int i = 0; i < BATCH; i++) {
            unit(random, q);
            System.arraycopy(q, 0, queries, i * DIM, DIM);
        }
    }

    @Benchmark
    public SearchHits query() {
        return search.search(java.util.Arrays.copyOf(queries, DIM), 10);
    }

    @Benchmark
    public SearchHits[] batch8() {
        return search.search(queries, BATCH, 10);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        parallel.close();
        file.close();
    }
}
