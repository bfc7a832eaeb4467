package dev.bindery.encoder.audio.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Applies {@link SincResampleKernel} the way torchaudio's {@code _apply_sinc_resample_kernel} does (zero padding of
 * {@code width} before and {@code width + orig} after the signal, a strided conv1d, output length
 * {@code ceil(new * length / orig)}), but for any window of output samples: output {@code n} depends only on input
 * samples {@code [floor(n/new)*orig + minTap, floor(n/new)*orig + endTap)}, with zeros outside the signal. Resampling
 * a window therefore gives bit-for-bit the samples that resampling the whole signal gives there, which lets the
 * preprocessor read and resample only the stretches its clips need.
 *
 * <p>Sums are accumulated in double and rounded to float once (torch accumulates in float32 in an order of its own;
 * the difference is a few float32 ulps).
 */
final class SincResampler {
    private static final int CACHE_SIZE = 8;
    /** Kernels of common rate pairs are small (44.1 kHz: 5,600 taps); odd pairs are rebuilt each time, not kept. */
    private static final long CACHE_MAX_TAPS = 1 << 18;
    private static final Map<Long, SincResampleKernel> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, SincResampleKernel> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private final int origRate;
    private final int targetRate;
    private final SincResampleKernel kernel;

    private SincResampler(int origRate, int targetRate, SincResampleKernel kernel) {
        this.origRate = origRate;
        this.targetRate = targetRate;
        this.kernel = kernel;
    }

    /** A resampler for {@code origRate -> targetRate}; the identity when they are equal (as upstream). */
    static SincResampler of(int origRate, int targetRate) {
        if (origRate <= 0 || targetRate <= 0) {
            throw new IllegalArgumentException("resampling " + origRate + " -> " + targetRate + " Hz");
        }
        if (origRate == targetRate) {
            return new SincResampler(origRate, targetRate, null);
        }
        long key = (long) origRate << 32 | targetRate;
        SincResampleKernel kernel;
        synchronized (CACHE) {
            kernel = CACHE.get(key);
        }
        if (kernel == null) {
            kernel = SincResampleKernel.of(origRate, targetRate);
            if (kernel.tapCount() <= CACHE_MAX_TAPS) {
                synchronized (CACHE) {
                    CACHE.put(key, kernel);
                }
            }
        }
        return new SincResampler(origRate, targetRate, kernel);
    }

    boolean isIdentity() {
        return kernel == null;
    }

    int origRate() {
        return origRate;
    }

    int targetRate() {
        return targetRate;
    }

    /** Upstream's output length for {@code inputLength} input samples: {@code ceil(new * length / orig)}. */
    long outputLength(long inputLength) {
        if (kernel == null) {
            return inputLength;
        }
        // Python: int(math.ceil(new_freq * length / orig_freq)), a correctly rounded true division, then ceil.
        return (long) Math.ceil((double) (kernel.target() * inputLength) / kernel.orig());
    }

    /** The first input sample that output {@code outStart} depends on (may be negative: upstream's zero padding). */
    long inputStart(long outStart) {
        if (kernel == null) {
            return outStart;
        }
        return Math.floorDiv(outStart, kernel.target()) * kernel.orig() + kernel.minTap();
    }

    /** One past the last input sample that outputs before {@code outEnd} depend on. */
    long inputEnd(long outEnd) {
        if (kernel == null) {
            return outEnd;
        }
        return Math.floorDiv(outEnd - 1, kernel.target()) * kernel.orig() + kernel.endTap();
    }

    /** Resamples a whole signal, as upstream (test and tool use; the preprocessor resamples windows). */
    float[] resampleAll(float[] signal) {
        long n = outputLength(signal.length);
        float[] out = new float[(int) n];
        resample(signal, 0, signal.length, 0, out, 0, out.length);
        return out;
    }

    /**
     * Computes output samples {@code [outStart, outStart + count)} into {@code out[outOff..]}.
     *
     * @param src         input samples {@code [srcStart, srcStart + src.length)}; must cover every input sample
     *                    inside the signal that these outputs depend on
     * @param srcStart    the input index of {@code src[0]}
     * @param inputLength the length of the whole signal (samples outside it are upstream's zero padding)
     */
    void resample(float[] src, long srcStart, long inputLength, long outStart, float[] out, int outOff, int count) {
        if (kernel == null) {
            long from = outStart - srcStart;
            if (from < 0 || from + count > src.length) {
                throw new IllegalArgumentException("window [" + outStart + ", " + (outStart + count)
                        + ") not covered by input [" + srcStart + ", " + (srcStart + src.length) + ")");
            }
            System.arraycopy(src, (int) from, out, outOff, count);
            return;
        }
        long lo = Math.max(0, inputStart(outStart));
        long hi = Math.min(inputLength, inputEnd(outStart + count));
        if (count > 0 && lo < hi && (lo < srcStart || hi > srcStart + src.length)) {
            throw new IllegalArgumentException("input [" + srcStart + ", " + (srcStart + src.length)
                    + ") does not cover [" + lo + ", " + hi + ") needed for outputs [" + outStart + ", "
                    + (outStart + count) + ")");
        }
        int target = kernel.target();
        int orig = kernel.orig();
        for (int k = 0; k < count; k++) {
            long n = outStart + k;
            long block = n / target;
            int phase = (int) (n - block * target);
            float[] w = kernel.taps(phase);
            long first = block * orig + kernel.firstTap(phase);
            int tFrom = (int) Math.max(0, -first);
            int tTo = (int) Math.min(w.length, inputLength - first);
            double acc = 0;
            int at = (int) (first + tFrom - srcStart);
            for (int t = tFrom; t < tTo; t++, at++) {
                acc += (double) w[t] * src[at];
            }
            out[outOff + k] = (float) acc;
        }
    }
}
