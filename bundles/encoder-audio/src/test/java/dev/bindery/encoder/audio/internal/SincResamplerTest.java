package dev.bindery.encoder.audio.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Tolerance;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The resampler against a literal transcription of torchaudio 0.13's kernel construction and strided convolution
 * (full kernel of {@code 2*width + orig} taps per phase, clamped taps included, explicit zero padding, conv output
 * reshaped phase-major and cut to {@code ceil(new*len/orig)}), for rate pairs the golden files do not cover.
 */
class SincResamplerTest {

    @Test
    void matchesTheLiteralTorchaudioFormulation() {
        int[][] pairs = {{44_100, 16_000}, {8_000, 16_000}, {96_000, 16_000}, {11_025, 16_000}, {12_345, 16_000},
            {7, 16_000}, {16_000, 44_100}};
        Random random = new Random(3);
        for (int[] pair : pairs) {
            int length = Math.max(5, pair[0] / 10 + 37);
            float[] x = new float[length];
            for (int i = 0; i < length; i++) {
                x[i] = (float) random.nextGaussian() * 0.3f;
            }
            float[] expected = literal(x, pair[0], pair[1]);
            float[] actual = SincResampler.of(pair[0], pair[1]).resampleAll(x);
            String what = pair[0] + " -> " + pair[1];
            assertEquals(expected.length, actual.length, what + ": length");
            Golden.assertClose(toDoubles(expected), null, toDoubles(actual), new Tolerance(1e-6, 0), what);
        }
    }

    @Test
    void anyWindowEqualsTheSameStretchOfTheWholeSignalBitForBit() {
        Random random = new Random(4);
        for (int rate : new int[] {22_050, 44_100, 8_000, 48_000, 12_345}) {
            float[] x = new float[rate];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
            }
            SincResampler r = SincResampler.of(rate, 16_000);
            float[] whole = r.resampleAll(x);
            for (int trial = 0; trial < 20; trial++) {
                int a = random.nextInt(whole.length);
                int b = a + 1 + random.nextInt(whole.length - a);
                long lo = Math.max(0, r.inputStart(a));
                long hi = Math.min(x.length, r.inputEnd(b));
                float[] window = java.util.Arrays.copyOfRange(x, (int) lo, (int) hi);
                float[] out = new float[b - a];
                r.resample(window, lo, x.length, a, out, 0, b - a);
                assertArrayEquals(java.util.Arrays.copyOfRange(whole, a, b), out, rate + " Hz window " + a + ".." + b);
            }
        }
    }

    /** torchaudio 0.13 {@code resample} for a float32 waveform, transcribed step by step. */
    private static float[] literal(float[] x, int origRate, int newRate) {
        int g = SincResampleKernel.gcd(origRate, newRate);
        int orig = origRate / g;
        int nw = newRate / g;
        double base = Math.min(orig, nw) * 0.99;
        int width = (int) Math.ceil(6.0 * orig / base);
        int kSize = 2 * width + orig;
        float[][] kernel = new float[nw][kSize];
        for (int p = 0; p < nw; p++) {
            for (int k = 0; k < kSize; k++) {
                float idx = (float) (k - width) / (float) orig;
                float t = ((float) -p / (float) nw + idx) * (float) base;
                t = Math.max(-6f, Math.min(6f, t));
                float c = (float) Math.cos(t * (float) Math.PI / 6 / 2f);
                float window = c * c;
                t *= (float) Math.PI;
                float sinc = t == 0 ? 1f : (float) Math.sin(t) / t;
                kernel[p][k] = sinc * (window * (float) (base / orig));
            }
        }
        float[] padded = new float[x.length + 2 * width + orig];
        System.arraycopy(x, 0, padded, width, x.length);
        int convFrames = (padded.length - kSize) / orig + 1;
        float[] conv = new float[convFrames * nw];
        for (int i = 0; i < convFrames; i++) {
            for (int p = 0; p < nw; p++) {
                double acc = 0;
                for (int k = 0; k < kSize; k++) {
                    acc += (double) kernel[p][k] * padded[i * orig + k];
                }
                conv[i * nw + p] = (float) acc;
            }
        }
        int target = (int) Math.ceil((double) nw * x.length / orig);
        return java.util.Arrays.copyOf(conv, target);
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
