package dev.bindery.bench;

import dev.bindery.tensor.kernel.Parallel;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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
 * The baseline of every bandwidth-bound kernel: how fast this machine reads a heap array far larger than its caches,
 * with the same thread pool and vector width the kernels use. One operation reads {@link #BYTES} bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MemoryReadBenchmark {
    /** 512 MiB: well beyond any last-level cache. */
    public static final long BYTES = 512L << 20;
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    @Param({"1", "2"})
    public int threads;

    private float[] data;
    private Parallel parallel;
    private float[] partial;

    @Setup(Level.Trial)
    public void setUp() {
        data = new float[(int) (BYTES / Float.BYTES)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (i & 1023) * 1e-3f;
        }
        parallel = new Parallel(threads, "bench-read");
        partial = new float[1024];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        parallel.close();
    }

    @Benchmark
    public float read() {
        int chunks = partial.length;
        int per = data.length / chunks;
        parallel.parallelFor(0, chunks, (from, to) -> {
            for (int c = from; c < to; c++) {
                partial[c] = sum(data, c * per, per);
            }
        });
        float total = 0;
        for (float p : partial) {
            total += p;
        }
        return total;
    }

    private static float sum(float[] a, int offset, int length) {
        FloatVector acc0 = FloatVector.zero(SPECIES);
        FloatVector acc1 = FloatVector.zero(SPECIES);
        int step = SPECIES.length();
        int i = 0;
        for (; i + 2 * step <= length; i += 2 * step) {
            acc0 = acc0.add(FloatVector.fromArray(SPECIES, a, offset + i));
            acc1 = acc1.add(FloatVector.fromArray(SPECIES, a, offset + i + step));
        }
        float s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < length; i++) {
            s += a[offset + i];
        }
        return s;
    }
}
