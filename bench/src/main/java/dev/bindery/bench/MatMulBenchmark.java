package dev.bindery.bench;

import dev.bindery.tensor.DType;
import dev.bindery.tensor.kernel.MatMul;
import dev.bindery.tensor.kernel.Matrix;
import dev.bindery.tensor.kernel.Parallel;
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
 * The batched product that prompt processing runs: the LLaMA-7B FFN weight of {@link MatVecBenchmark} against
 * {@value #INPUTS} inputs at once, per format and thread count. {@link BenchMain} turns the time into GFLOPS and
 * compares it with {@value #INPUTS} mat-vecs of the same run, i.e. with what batching gains.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MatMulBenchmark {
    /** Inputs per product, as in the decode benchmark's 64-token prompt. */
    public static final int INPUTS = 64;

    @Param({"F32", "F16", "Q8_0", "Q4_0"})
    public String format;

    @Param({"1", "2"})
    public int threads;

    private Matrix weights;
    private float[] x;
    private float[] out;
    private Parallel parallel;

    @Setup(Level.Trial)
    public void setUp() {
        weights = MatVecBenchmark.weights(DType.valueOf(format));
        SplittableRandom random = new SplittableRandom(11);
        x = new float[INPUTS * MatVecBenchmark.COLS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        out = new float[INPUTS * MatVecBenchmark.ROWS];
        parallel = new Parallel(threads, "bench-matmul");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        parallel.close();
    }

    @Benchmark
    public float[] matMul() {
        MatMul.matMul(parallel, weights, x, 0, INPUTS, out, 0);
        return out;
    }

    /** GFLOPS (two per multiply-add) of {@code inputs} products with the benchmark's weight taking {@code ms}. */
    static double gflops(int inputs, double ms) {
        return 2.0 * MatVecBenchmark.ROWS * MatVecBenchmark.COLS * inputs / (ms * 1e6);
    }
}
