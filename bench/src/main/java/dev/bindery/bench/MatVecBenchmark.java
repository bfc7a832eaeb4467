package dev.bindery.bench;

import dev.bindery.tensor.kernel.MatMul;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;

/**
 * One mat-vec with the FFN weight of {@link FfnWeightBenchmark} per format and thread count: the kernel that bounds
 * decode speed. {@link BenchMain} turns the time into GB/s of weights streamed and compares it with
 * {@link MemoryReadBenchmark} at the same thread count.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MatVecBenchmark extends FfnWeightBenchmark {
    private float[] x;
    private float[] out;

    @Setup(Level.Trial)
    public void setUpInput() {
        SplittableRandom random = new SplittableRandom(7);
        x = new float[COLS];
        for (int i = 0; i < COLS; i++) {
            x[i] = (float) random.nextGaussian();
        }
        out = new float[ROWS];
    }

    @Benchmark
    public float[] matVec() {
        MatMul.matVec(parallel, weights, x, 0, out, 0);
        return out;
    }
}
