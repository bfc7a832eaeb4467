package dev.bindery.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NormsTest {

    @Test
    void rmsNormMatchesDoubleReference() {
        Random rnd = new Random(61);
        for (int n : Ref.ODD_SIZES) {
            float[] x = Ref.randomFloats(rnd, n + 2, 3f);
            float[] w = Ref.randomFloats(rnd, n + 1, 1f);
            float[] out = new float[n + 3];
            Norms.rmsNorm(x, 2, w, 1, 1e-6f, out, 3, n);
            double ms = 0;
            for (int i = 0; i < n; i++) {
                ms += (double) x[2 + i] * x[2 + i];
            }
            double r = 1 / Math.sqrt(ms / n + 1e-6);
            for (int i = 0; i < n; i++) {
                double expected = x[2 + i] * r * w[1 + i];
                assertEquals(expected, out[3 + i], 1e-6 * Math.abs(expected) + 1e-7, "n=" + n + " i=" + i);
            }
        }
    }

    @Test
    void rmsNormInPlaceWholeArrays() {
        float[] x = {3f, -4f, 0f, 12f, 5f};
        float[] w = {1f, 2f, 3f, 0.5f, -1f};
        double ms = (9 + 16 + 0 + 144 + 25) / 5.0;
        double r = 1 / Math.sqrt(ms + 1e-5);
        float[] expected = new float[5];
        for (int i = 0; i < 5; i++) {
            expected[i] = (float) (x[i] * r * w[i]);
        }
        Norms.rmsNorm(x, w, 1e-5f, x);
        for (int i = 0; i < 5; i++) {
            assertEquals(expected[i], x[i], 1e-6f * Math.abs(expected[i]) + 1e-7f);
        }
    }

    @Test
    void layerNormMatchesDoubleReferenceWithAndWithoutAffine() {
        Random rnd = new Random(62);
        for (int n : Ref.ODD_SIZES) {
            float[] x = Ref.randomFloats(rnd, n + 1, 2f);
            for (int i = 0; i < x.length; i++) {
                x[i] += 7f; // an offset mean makes a one-pass variance lose digits: the reference is two-pass
            }
            float[] w = Ref.randomFloats(rnd, n + 2, 1f);
            float[] b = Ref.randomFloats(rnd, n + 2, 1f);
            float[] out = new float[n];
            float[] plain = new float[n];
            Norms.layerNorm(x, 1, w, b, 2, 1e-6f, out, 0, n);
            Norms.layerNorm(x, 1, null, null, 0, 1e-6f, plain, 0, n);
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += x[1 + i];
            }
            mean /= n;
            double var = 0;
            for (int i = 0; i < n; i++) {
                var += (x[1 + i] - mean) * (x[1 + i] - mean);
            }
            var /= n;
            for (int i = 0; i < n; i++) {
                double z = (x[1 + i] - mean) / Math.sqrt(var + 1e-6);
                double y = z * w[2 + i] + b[2 + i];
                assertEquals(y, out[i], 1e-6 * (1 + Math.abs(y)), "n=" + n + " i=" + i);
                assertEquals(z, plain[i], 1e-6 * (1 + Math.abs(z)));
            }
        }
    }
}
