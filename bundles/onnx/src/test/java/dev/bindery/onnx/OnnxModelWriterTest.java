package dev.bindery.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models written by our own protobuf encoder load in ONNX Runtime and compute what a plain Java loop computes. */
class OnnxModelWriterTest {
    private static final int ROWS = 3;
    private static final int IN = 5;
    private static final int OUT = 4;

    @TempDir
    Path tmp;

    private final Random random = new Random(42);
    private final float[] w = randoms(IN * OUT);
    private final float[] bias = randoms(OUT);
    private final float[] gamma = randoms(IN);
    private final float[] beta = randoms(IN);

    /** y = gelu(LayerNorm(x) · W + b) normalised to unit length, with a dynamic batch dimension. */
    private GraphBuilder graph() {
        GraphBuilder g = new GraphBuilder("test");
        String x = g.input("x", ElementType.FLOAT, "batch", (long) IN);
        String wv = g.initializer("w", ElementType.FLOAT, new long[] {IN, OUT}, TensorSource.ofFloats(w));
        String bv = g.initializer("b", ElementType.FLOAT, new long[] {OUT}, TensorSource.ofFloats(bias));
        String gv = g.initializer("gamma", ElementType.FLOAT, new long[] {IN}, TensorSource.ofFloats(gamma));
        String be = g.initializer("beta", ElementType.FLOAT, new long[] {IN}, TensorSource.ofFloats(beta));
        String y = g.gelu(g.linear(g.layerNorm(x, gv, be, 1e-6f), wv, bv));
        g.output(g.identity(g.l2Normalize(y, 1e-12f), "y"), ElementType.FLOAT, "batch", (long) OUT);
        return g;
    }

    @Test
    void inlineModelRunsInOnnxRuntimeAndMatchesAJavaReference() throws Exception {
        OnnxModelWriter writer = new OnnxModelWriter(graph()).metadata("purpose", "test");
        assertFalse(writer.usesExternalData());
        Path file = tmp.resolve("m.onnx");
        writer.write(file);
        assertArrayEquals(writer.toByteArray(), Files.readAllBytes(file), "file and in-memory bytes are one encoding");
        assertFalse(Files.exists(OnnxModelWriter.externalDataFile(file)));
        float[] x = randoms(ROWS * IN);
        float[] y = run(file, x);
        assertClose(reference(x), y);
        try (OrtSession s = OrtEnvironment.getEnvironment().createSession(file.toString())) {
            assertEquals("test", s.getMetadata().getCustomMetadata().get("purpose"));
        }
    }

    @Test
    void largeWeightsGoToAnAlignedExternalDataFile() throws Exception {
        OnnxModelWriter writer = new OnnxModelWriter(graph()).externalDataThreshold(10);
        assertTrue(writer.usesExternalData());
        Path file = tmp.resolve("sub/ext.onnx");
        writer.write(file);
        Path data = OnnxModelWriter.externalDataFile(file);
        assertTrue(Files.exists(data), "external data file written");
        float[] x = randoms(ROWS * IN);
        assertClose(reference(x), run(file, x));
        // Tensors below 1 KiB stay inline: this graph has none above it, so the side file is empty.
        assertEquals(0, Files.size(data));
        try (var listing = Files.list(file.getParent())) {
            assertEquals(2, listing.count(), "no temporary files left behind");
        }
    }

    @Test
    void bigTensorIsStoredExternallyAtAPageBoundary() throws Exception {
        GraphBuilder g = new GraphBuilder("big");
        String x = g.input("x", ElementType.FLOAT, 1L, 600L);
        float[] a = randoms(600);
        float[] c = randoms(600);
        String av = g.initializer("a", ElementType.FLOAT, new long[] {1, 600}, TensorSource.ofFloats(a));
        String cv = g.initializer("c", ElementType.FLOAT, new long[] {1, 600}, TensorSource.ofFloats(c));
        g.output(g.identity(g.add(g.mul(x, av), cv), "y"), ElementType.FLOAT, 1L, 600L);
        Path file = tmp.resolve("big.onnx");
        new OnnxModelWriter(g).externalDataThreshold(0).write(file);
        assertEquals(4096 + 2400, Files.size(OnnxModelWriter.externalDataFile(file)));
        float[] in = randoms(600);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(file.toString());
                OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(in), new long[] {1, 600});
                OrtSession.Result r = s.run(Map.of("x", t))) {
            float[] out = ((float[][]) r.get(0).getValue())[0];
            for (int i = 0; i < 600; i++) {
                assertEquals(in[i] * a[i] + c[i], out[i], 1e-6f);
            }
        }
    }

    @Test
    void wiringMistakesAreCaughtWhileBuilding() {
        GraphBuilder g = new GraphBuilder("bad");
        String x = g.input("x", ElementType.FLOAT, 2L);
        assertThrows(IllegalArgumentException.class, () -> g.add(x, "nowhere"));
        assertThrows(IllegalArgumentException.class, () -> g.input("x", ElementType.FLOAT, 2L));
        assertThrows(IllegalArgumentException.class,
                () -> g.initializer("w", ElementType.FLOAT, new long[] {3}, TensorSource.ofFloats(1f, 2f)));
        assertThrows(IllegalArgumentException.class, () -> g.output("nowhere", ElementType.FLOAT, 2L));
    }

    private static float[] run(Path file, float[] x) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(file.toString());
                OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {ROWS, IN});
                OrtSession.Result r = s.run(Map.of("x", t))) {
            float[][] y = (float[][]) r.get("y").get().getValue();
            float[] flat = new float[ROWS * OUT];
            for (int i = 0; i < ROWS; i++) {
                System.arraycopy(y[i], 0, flat, i * OUT, OUT);
            }
            return flat;
        }
    }

    private double[] reference(float[] x) {
        double[] out = new double[ROWS * OUT];
        for (int r = 0; r < ROWS; r++) {
            double mean = 0;
            for (int i = 0; i < IN; i++) {
                mean += x[r * IN + i];
            }
            mean /= IN;
            double var = 0;
            for (int i = 0; i < IN; i++) {
                double d = x[r * IN + i] - mean;
                var += d * d;
            }
            var /= IN;
            double[] n = new double[IN];
            for (int i = 0; i < IN; i++) {
                n[i] = (x[r * IN + i] - mean) / Math.sqrt(var + 1e-6) * gamma[i] + beta[i];
            }
            double sq = 0;
            double[] y = new double[OUT];
            for (int o = 0; o < OUT; o++) {
                double s = bias[o];
                for (int i = 0; i < IN; i++) {
                    s += n[i] * w[i * OUT + o];
                }
                y[o] = 0.5 * s * (1 + erf(s / Math.sqrt(2)));
                sq += y[o] * y[o];
            }
            for (int o = 0; o < OUT; o++) {
                out[r * OUT + o] = y[o] / Math.sqrt(sq);
            }
        }
        return out;
    }

    /** erf by its Taylor series (|x| is small here), independent of the code under test. */
    private static double erf(double x) {
        double sum = 0;
        double term = x;
        for (int n = 0; n < 60; n++) {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    private static void assertClose(double[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5, "element " + i);
        }
    }

    private float[] randoms(int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) random.nextGaussian();
        }
        return f;
    }
}
