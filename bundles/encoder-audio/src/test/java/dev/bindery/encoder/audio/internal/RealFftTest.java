package dev.bindery.encoder.audio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The real FFT's power spectrum against a direct DFT. */
class RealFftTest {

    @Test
    void powerSpectrumMatchesADirectDft() {
        Random random = new Random(9);
        for (int n : new int[] {4, 8, 64, 512}) {
            RealFft fft = new RealFft(n);
            for (int len : new int[] {n, n * 3 / 4 + 1}) {
                float[] x = new float[len];
                for (int i = 0; i < len; i++) {
                    x[i] = (float) random.nextGaussian();
                }
                double[] power = new double[n / 2 + 1];
                fft.powerSpectrum(x, len, power);
                for (int k = 0; k <= n / 2; k++) {
                    double re = 0;
                    double im = 0;
                    for (int t = 0; t < len; t++) {
                        double a = -2 * Math.PI * k * t / n;
                        re += x[t] * Math.cos(a);
                        im += x[t] * Math.sin(a);
                    }
                    double expected = re * re + im * im;
                    assertEquals(expected, power[k], 1e-9 * (1 + expected), "n=" + n + " len=" + len + " bin " + k);
                }
            }
        }
    }
}
