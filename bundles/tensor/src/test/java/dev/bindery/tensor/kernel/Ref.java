package dev.bindery.tensor.kernel;

import java.util.Random;

/** Straightforward double-precision references and random data for the kernel tests. */
final class Ref {
    private Ref() {
    }

    /** Sizes that are not multiples of any vector length, plus a few that are. */
    static final int[] ODD_SIZES = {1, 3, 7, 8, 15, 17, 31, 33, 63, 65, 127, 129, 257, 1000, 1031};

    static float[] randomFloats(Random rnd, int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextGaussian() * scale);
        }
        return v;
    }

    static double dot(float[] a, int aOff, float[] b, int bOff, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (double) a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    static double absDot(float[] a, int aOff, float[] b, int bOff, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.abs((double) a[aOff + i] * b[bOff + i]);
        }
        return s;
    }

    /** Error bound of a float32 sum of n products relative to the sum of magnitudes. */
    static double dotTolerance(double absSum, int n) {
        return absSum * 1e-6 * Math.max(1, Math.log(n + 1)) + 1e-30;
    }
}
