package dev.bindery.encoder.audio.internal;

/**
 * Power spectrum of a real signal by a radix-2 FFT of power-of-two size {@code n}: the real input is packed into a
 * complex signal of {@code n/2} points (even samples real, odd samples imaginary), transformed by an iterative
 * in-place Cooley-Tukey FFT, and split into the {@code n/2 + 1} bins of the real transform. Double precision
 * throughout. Instances hold scratch buffers: one per thread.
 */
final class RealFft {
    private final int n;
    private final int half;
    private final int[] bitReverse;
    /** cos/sin of -2*pi*k/half, k < half/2, for the complex FFT. */
    private final double[] cosHalf;
    private final double[] sinHalf;
    /** cos/sin of -2*pi*k/n, k <= half, for the split into the real transform. */
    private final double[] cosFull;
    private final double[] sinFull;
    private final double[] re;
    private final double[] im;

    RealFft(int n) {
        if (n < 4 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("FFT size must be a power of two >= 4: " + n);
        }
        this.n = n;
        this.half = n / 2;
        int bits = Integer.numberOfTrailingZeros(half);
        bitReverse = new int[half];
        for (int i = 0; i < half; i++) {
            bitReverse[i] = Integer.reverse(i) >>> (32 - bits);
        }
        cosHalf = new double[half / 2];
        sinHalf = new double[half / 2];
        for (int k = 0; k < half / 2; k++) {
            double a = -2 * Math.PI * k / half;
            cosHalf[k] = Math.cos(a);
            sinHalf[k] = Math.sin(a);
        }
        cosFull = new double[half + 1];
        sinFull = new double[half + 1];
        for (int k = 0; k <= half; k++) {
            double a = -2 * Math.PI * k / n;
            cosFull[k] = Math.cos(a);
            sinFull[k] = Math.sin(a);
        }
        re = new double[half];
        im = new double[half];
    }

    int size() {
        return n;
    }

    /**
     * Writes {@code |X[k]|^2} for {@code k = 0..n/2} into {@code power}, where X is the DFT of {@code x[0..n)}
     * ({@code x} may be shorter: missing samples are zero).
     */
    void powerSpectrum(float[] x, int len, double[] power) {
        for (int i = 0; i < half; i++) {
            int j = bitReverse[i];
            int e = 2 * i;
            re[j] = e < len ? x[e] : 0;
            im[j] = e + 1 < len ? x[e + 1] : 0;
        }
        for (int size = 2; size <= half; size <<= 1) {
            int step = half / size;
            int h = size / 2;
            for (int start = 0; start < half; start += size) {
                for (int k = 0; k < h; k++) {
                    double c = cosHalf[k * step];
                    double s = sinHalf[k * step];
                    int a = start + k;
                    int b = a + h;
                    double tr = re[b] * c - im[b] * s;
                    double ti = re[b] * s + im[b] * c;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
        for (int k = 0; k <= half; k++) {
            // Z[k] and conj(Z[half-k]) give the transforms of the even (E) and odd (O) samples:
            // E = (Z[k] + conj(Z[-k])) / 2, O = (Z[k] - conj(Z[-k])) / 2i, X[k] = E + w^k O.
            int a = k % half;
            int b = (half - k) % half;
            double zr = re[a];
            double zi = im[a];
            double cr = re[b];
            double ci = -im[b];
            double er = (zr + cr) / 2;
            double ei = (zi + ci) / 2;
            double or = (zi - ci) / 2;
            double oi = -(zr - cr) / 2;
            double wr = cosFull[k];
            double wi = sinFull[k];
            double xr = er + wr * or - wi * oi;
            double xi = ei + wr * oi + wi * or;
            power[k] = xr * xr + xi * xi;
        }
    }
}
