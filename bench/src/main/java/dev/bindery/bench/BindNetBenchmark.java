package dev.bindery.bench;

import dev.bindery.bindnet.BindNetworkModel;
import dev.bindery.bindnet.WeightFormat;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.kernel.Parallel;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * The bind network at the released shapes (1024 -> 4096, three blocks with hidden width {@link #HIDDEN}: 608 M
 * parameters) with random weights: one forward pass of one query, in F32 and quantised to Q8_0, on 1 and 2 threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BindNetBenchmark {
    public static final int IN = 1024;
    public static final int DIM = 4096;
    public static final int HIDDEN = 16384;
    public static final int BLOCKS = 3;

    @Param({"AS_STORED", "Q8_0"})
    public String format;

    @Param({"1", "2"})
    public int threads;

    private Parallel parallel;
    private BindNetworkModel model;
    private float[] query;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        Map<String, TensorData> sd = new LinkedHashMap<>();
        put(sd, "image_bind_proj.weight", random, DIM, IN);
        put(sd, "image_bind_proj.bias", random, DIM);
        for (int j = 1; j <= BLOCKS; j++) {
            sd.put("image_bind_norm_" + j + ".weight", ones("image_bind_norm_" + j + ".weight", DIM));
            put(sd, "image_bind_f1_" + j + ".weight", random, HIDDEN, DIM);
            put(sd, "image_bind_f2_" + j + ".weight", random, DIM, HIDDEN);
            put(sd, "image_bind_f3_" + j + ".weight", random, HIDDEN, DIM);
        }
        parallel = new Parallel(threads, "bench-bindnet");
        model = BindNetworkModel.fromStateDict(sd, "random released-shape bind network", WeightFormat.valueOf(format),
                parallel);
        query = new float[IN];
        for (int i = 0; i < IN; i++) {
            query[i] = (float) random.nextGaussian() / 32;
        }
    }

    private static void put(Map<String, TensorData> sd, String name, SplittableRandom random, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] v = new float[Math.toIntExact(n)];
        double std = 1 / Math.sqrt(shape[shape.length - 1]);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (random.nextGaussian() * std);
        }
        sd.put(name, TensorData.ofFloats(name, shape, v));
    }

    private static TensorData ones(String name, int n) {
        float[] v = new float[n];
        java.util.Arrays.fill(v, 1f);
        return TensorData.ofFloats(name, new long[] {n}, v);
    }

    @Benchmark
    public float[] forward() {
        return model.project(query);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        parallel.close();
    }
}
