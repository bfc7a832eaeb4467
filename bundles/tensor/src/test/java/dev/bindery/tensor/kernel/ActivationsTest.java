package dev.bindery.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ActivationsTest {

    /** erf by composite Simpson integration of 2/sqrt(pi) exp(-t^2) over [0, x] (independent of the table). */
    static double erfByIntegration(double x) {
        if (x < 0) {
            return -erfByIntegration(-x);
        }
        int steps = 4000;
        double h = x / steps;
        double sum = 1 + Math.exp(-x * x);
        for (int k = 1; k < steps; k++) {
            double t = k * h;
            sum += (k % 2 == 1 ? 4 : 2) * Math.exp(-t * t);
        }
        return 2 / Math.sqrt(Math.PI) * sum * h / 3;
    }

    @Test
    void erfIsWithin1e7OfTheIntegral() {
        double worst = 0;
        for (double x = -7; x <= 7; x += 0.0123) {
            worst = Math.max(worst, Math.abs(Erf.erf(x) - erfByIntegration(x)));
        }
        for (double x : new double[] {0, 1e-8, 0.5, 1, 2.999999, 3, 3.000001, 5.99, 6, 6.01, 40}) {
            worst = Math.max(worst, Math.abs(Erf.erf(x) - erfByIntegration(Math.min(x, 9))));
            assertEquals(-Erf.erf(x), Erf.erf(-x), 0.0, "odd function");
        }
        assertTrue(worst < 1e-7, "max abs error " + worst);
        assertEquals(0.0, Erf.erf(0.0), 0.0);
        assertEquals(1.0, Erf.erf(Double.POSITIVE_INFINITY), 0.0);
        assertTrue(Double.isNaN(Erf.erf(Double.NaN)));
        assertEquals((float) Erf.erf((double) 0.3f), Erf.erf(0.3f), 0f);
    }

    @Test
    void geluSiluAndSiluMulMatchDoubleReferences() {
        Random rnd = new Random(71);
        for (int n : Ref.ODD_SIZES) {
            float[] x = Ref.randomFloats(rnd, n + 1, 3f);
            float[] g = x.clone();
            float[] s = x.clone();
            float[] up = Ref.randomFloats(rnd, n + 2, 1f);
            float[] sm = x.clone();
            Activations.gelu(g, 1, n);
            Activations.silu(s, 1, n);
            Activations.siluMul(sm, 1, up, 2, n);
            assertEquals(x[0], g[0], 0f, "outside the range");
            for (int i = 1; i <= n; i++) {
                double v = x[i];
                double gelu = 0.5 * v * (1 + erfByIntegration(v / Math.sqrt(2)));
                double silu = v / (1 + Math.exp(-v));
                assertEquals(gelu, g[i], 1e-7 + 1e-6 * Math.abs(gelu), "gelu(" + v + ")");
                assertEquals(silu, s[i], 1e-7 + 1e-6 * Math.abs(silu), "silu(" + v + ")");
                assertEquals(silu * up[i + 1], sm[i], 1e-7 + 1e-6 * Math.abs(silu * up[i + 1]));
            }
        }
    }

    @Test
    void softmaxMatchesDoubleReferenceAndIsStableForLargeInputs() {
        Random rnd = new Random(72);
        for (int n : Ref.ODD_SIZES) {
            float[] x = Ref.randomFloats(rnd, n + 2, 5f);
            x[1] += 1000f; // large values must not overflow: max-subtraction
            float[] y = x.clone();
            Activations.softmax(y, 1, n);
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 1; i <= n; i++) {
                max = Math.max(max, x[i]);
            }
            double sum = 0;
            for (int i = 1; i <= n; i++) {
                sum += Math.exp(x[i] - max);
            }
            double total = 0;
            for (int i = 1; i <= n; i++) {
                double expected = Math.exp(x[i] - max) / sum;
                assertEquals(expected, y[i], 1e-6 * expected + 1e-12, "n=" + n + " i=" + i);
                total += y[i];
            }
            assertEquals(1.0, total, 1e-5);
            assertEquals(x[0], y[0], 0f);
            assertEquals(x[n + 1], y[n + 1], 0f);
        }
    }

    @Test
    void softmaxIgnoresMaskedEntries() {
        float[] x = {1f, Float.NEGATIVE_INFINITY, 1f};
        Activations.softmax(x, 0, 3);
        assertEquals(0.5f, x[0], 0f);
        assertEquals(0f, x[1], 0f);
        assertEquals(0.5f, x[2], 0f);
    }
}
