package dev.bindery.encoder.audio.internal;

/**
 * The filter of torchaudio 0.13's {@code torchaudio.functional.resample} with its defaults
 * ({@code resampling_method="sinc_interpolation"}, {@code lowpass_filter_width=6}, {@code rolloff=0.99}), built the
 * way {@code _get_sinc_resample_kernel} builds it for a float32 waveform: with the rates divided by their gcd
 * ({@code orig}, {@code new}), output sample {@code n = i*new + p} is
 * {@code sum_j kernel[p][j] * x[i*orig + j]} over {@code j} in {@code [-width, width + orig)}, where
 * {@code t = (j/orig - p/new) * base}, {@code base = min(orig, new) * 0.99},
 * {@code kernel = sinc(t*pi) * cos(t*pi/12)^2 * base/orig} with {@code t} clamped to [-6, 6].
 *
 * <p>Every step uses float32 arithmetic as torch does (the index grids, the products, the window). Taps whose
 * {@code t} is clamped are left out: there the window is {@code cos(pi/2)^2} in float32, about 2e-15, so their
 * whole contribution is below 1e-19. What remains is about {@code 2*6*orig/base + 1} taps per phase instead of
 * upstream's {@code 2*width + orig}, which keeps awkward rate pairs (a prime rate against 16 kHz) cheap.
 */
final class SincResampleKernel {
    private static final int LOWPASS_FILTER_WIDTH = 6;
    private static final double ROLLOFF = 0.99;

    private final int orig;
    private final int target;
    private final int width;
    /** Per phase: the {@code j} of the first kept tap. */
    private final int[] firstTap;
    /** Per phase: the kept taps, for consecutive {@code j}. */
    private final float[][] taps;
    private final int minTap;
    private final int endTap;

    private SincResampleKernel(int origRate, int targetRate) {
        int gcd = gcd(origRate, targetRate);
        this.orig = origRate / gcd;
        this.target = targetRate / gcd;
        double base = Math.min(orig, target) * ROLLOFF;
        this.width = (int) Math.ceil(LOWPASS_FILTER_WIDTH * orig / base);
        float baseF = (float) base;
        float scaleF = (float) (base / orig);
        float pi = (float) Math.PI;
        float origF = orig;
        float targetF = target;
        this.firstTap = new int[target];
        this.taps = new float[target][];
        int lowest = Integer.MAX_VALUE;
        int highest = Integer.MIN_VALUE;
        double half = LOWPASS_FILTER_WIDTH * (double) orig / base;
        for (int p = 0; p < target; p++) {
            float phase = (float) -p / targetF;
            // Taps with |t| < 6 lie within `half` input samples of p*orig/new; two more on each side absorb the
            // float32 rounding of t, and the exact test below decides.
            double centre = (double) p * orig / target;
            int from = (int) Math.max(-width, Math.floor(centre - half) - 2);
            int to = (int) Math.min(width + orig - 1, Math.ceil(centre + half) + 2);
            float[] w = new float[Math.max(0, to - from + 1)];
            int first = Integer.MAX_VALUE;
            int last = Integer.MIN_VALUE;
            for (int j = from; j <= to; j++) {
                float t = (phase + (float) j / origF) * baseF;
                if (t <= -LOWPASS_FILTER_WIDTH || t >= LOWPASS_FILTER_WIDTH) {
                    continue;
                }
                float c = (float) Math.cos((double) (t * pi / LOWPASS_FILTER_WIDTH / 2f));
                float window = c * c;
                float tp = t * pi;
                float sinc = tp == 0f ? 1f : (float) Math.sin((double) tp) / tp;
                w[j - from] = sinc * (window * scaleF);
                first = Math.min(first, j);
                last = Math.max(last, j);
            }
            if (first > last) {
                // Cannot happen for rates >= 1 (t = 0 lies in every phase's range); kept for a clear failure.
                throw new IllegalStateException("empty resampling phase " + p + " for " + orig + " -> " + target);
            }
            firstTap[p] = first;
            taps[p] = java.util.Arrays.copyOfRange(w, first - from, last - from + 1);
            lowest = Math.min(lowest, first);
            highest = Math.max(highest, last);
        }
        this.minTap = lowest;
        this.endTap = highest + 1;
    }

    /** The kernel for {@code origRate -> targetRate} (both positive and different). */
    static SincResampleKernel of(int origRate, int targetRate) {
        if (origRate <= 0 || targetRate <= 0 || origRate == targetRate) {
            throw new IllegalArgumentException("resampling " + origRate + " -> " + targetRate + " Hz");
        }
        return new SincResampleKernel(origRate, targetRate);
    }

    /** The input rate divided by gcd(orig, new). */
    int orig() {
        return orig;
    }

    /** The output rate divided by gcd(orig, new). */
    int target() {
        return target;
    }

    /** Upstream's zero padding on each side ({@code width} before, {@code width + orig} after). */
    int width() {
        return width;
    }

    int firstTap(int phase) {
        return firstTap[phase];
    }

    float[] taps(int phase) {
        return taps[phase];
    }

    /** The smallest {@code j} any phase uses. */
    int minTap() {
        return minTap;
    }

    /** One past the largest {@code j} any phase uses. */
    int endTap() {
        return endTap;
    }

    /** Number of taps kept over all phases (for memory bounds). */
    long tapCount() {
        long n = 0;
        for (float[] t : taps) {
            n += t.length;
        }
        return n;
    }

    static int gcd(int a, int b) {
        while (b != 0) {
            int r = a % b;
            a = b;
            b = r;
        }
        return a;
    }
}
