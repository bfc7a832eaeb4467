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
 * The batched product that prompt processing runs: the FFN weight of {@link FfnWeightBenchmark} against
 * {@value #INPUTS} inputs at once, per format and thread count. {@link BenchMain} turns the time into GFLOPS and
 * compares it with {@value #INPUTS} mat-vecs of the same run, i.e. with what batching gains.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MatMulBenchmark extends FfnWeightBenchmark {
    /** Inputs per product, as in the decode benchmark's 64-token prompt. */
    public static final int INPUTS = 64;

    private float[] x;
    private float[] out;

    @Setup(Level.Trial)
    public void setUpInputs() {
        SplittableRandom random = new SplittableRandom(11);
        x = new float[INPUTS * COLS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        out = new float[INPUTS * ROWS];
    }

    @Benchmark
    public float[] matMul() {
        MatMul.matMul(parallel, weights, x, 0, INPUTS, out, 0);
        return out;
    }

    /** GFLOPS (two per multiply-add) of {@code inputs} products with the benchmark's weight taking {@code ms}. */
    static double gflops(int inputs, double ms) {
        return 2.0 * ROWS * COLS * inputs / (ms * 1e6);
    }
}
