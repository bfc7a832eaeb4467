package dev.bindery.bench;

import dev.bindery.tensor.DType;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.kernel.Matrices;
import dev.bindery.tensor.kernel.Matrix;
import dev.bindery.tensor.kernel.Parallel;
import dev.bindery.tensor.quant.Quantizer;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the kernel benchmarks share: a LLaMA-7B FFN weight (11008 x 4096, random normal weights with std 0.02) per
 * format, and a kernel pool per thread count. {@link MatVecBenchmark} and {@link MatMulBenchmark} add their inputs.
 */
@State(Scope.Benchmark)
public abstract class FfnWeightBenchmark {
    public static final int ROWS = 11008;
    public static final int COLS = 4096;

    @Param({"F32", "F16", "Q8_0", "Q4_0"})
    public String format;

    @Param({"1", "2"})
    public int threads;

    protected Matrix weights;
    protected Parallel parallel;

    @Setup(Level.Trial)
    public void setUpWeights() {
        weights = weights(DType.valueOf(format));
        parallel = new Parallel(threads, "bench-" + getClass().getSimpleName());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        parallel.close();
    }

    /** The weight matrix in the given format, built from the same random F32 values. */
    static Matrix weights(DType format) {
        SplittableRandom random = new SplittableRandom(42);
        float[] values = new float[ROWS * COLS];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * 0.02);
        }
        long[] shape = {ROWS, COLS};
        TensorData tensor;
        switch (format) {
            case F32:
                tensor = TensorData.ofFloats("w", shape, values);
                break;
            case F16:
                tensor = TensorData.ofFloatsAsF16("w", shape, values);
                break;
            case Q8_0:
            case Q4_0:
                tensor = Quantizer.quantize("w", shape, values, format);
                break;
            default:
                throw new IllegalArgumentException("no kernel benchmark for " + format);
        }
        return Matrices.of(tensor);
    }

    /** Bytes of weights one mat-vec streams. */
    static long weightBytes(DType format) {
        return format.byteSize((long) ROWS * COLS);
    }
}
