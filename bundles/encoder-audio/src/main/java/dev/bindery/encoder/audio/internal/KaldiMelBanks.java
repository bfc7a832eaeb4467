package dev.bindery.encoder.audio.internal;

/**
 * The triangular mel filters of {@code torchaudio.compliance.kaldi.get_mel_banks} (no VTLN warp), computed in
 * float32 as torch does: Kaldi's mel scale {@code 1127 ln(1 + f/700)}, edges evenly spaced in mel between
 * {@code low_freq} and {@code high_freq} (0 or less means Nyquist plus that value), each filter the minimum of its
 * rising and falling slope evaluated at the mel value of FFT bin centres {@code k * sr / n}, clamped at 0. The
 * Nyquist bin gets weight 0 (torch pads the banks with a zero column).
 */
final class KaldiMelBanks {
    private final int bins;
    private final int fftBins;
    /** Per filter: first FFT bin with a non-zero weight. */
    private final int[] first;
    private final float[][] weights;

    KaldiMelBanks(int numBins, int paddedWindowSize, double sampleFrequency, double lowFreq, double highFreq) {
        if (numBins <= 3 || paddedWindowSize % 2 != 0) {
            throw new IllegalArgumentException(numBins + " mel bins, window " + paddedWindowSize);
        }
        this.bins = numBins;
        int numFftBins = paddedWindowSize / 2;
        this.fftBins = numFftBins + 1;
        double nyquist = 0.5 * sampleFrequency;
        double high = highFreq <= 0 ? highFreq + nyquist : highFreq;
        if (!(lowFreq >= 0 && lowFreq < nyquist && high > 0 && high <= nyquist && high > lowFreq)) {
            throw new IllegalArgumentException("bad mel range " + lowFreq + ".." + high + " Hz for " + sampleFrequency
                    + " Hz");
        }
        double fftBinWidth = sampleFrequency / paddedWindowSize;
        double melLow = melScalar(lowFreq);
        double melHigh = melScalar(high);
        double delta = (melHigh - melLow) / (numBins + 1);
        float deltaF = (float) delta;
        float melLowF = (float) melLow;
        float[] mel = new float[numFftBins];
        for (int k = 0; k < numFftBins; k++) {
            float freq = (float) fftBinWidth * (float) k;
            mel[k] = 1127.0f * (float) Math.log((double) (1.0f + freq / 700.0f));
        }
        first = new int[numBins];
        weights = new float[numBins][];
        for (int b = 0; b < numBins; b++) {
            float left = melLowF + (float) b * deltaF;
            float center = melLowF + ((float) b + 1f) * deltaF;
            float right = melLowF + ((float) b + 2f) * deltaF;
            float[] w = new float[numFftBins];
            int lo = -1;
            int hi = -1;
            for (int k = 0; k < numFftBins; k++) {
                float up = (mel[k] - left) / (center - left);
                float down = (right - mel[k]) / (right - center);
                float v = Math.max(0f, Math.min(up, down));
                w[k] = v;
                if (v != 0f) {
                    if (lo < 0) {
                        lo = k;
                    }
                    hi = k;
                }
            }
            if (lo < 0) {
                // A filter narrower than an FFT bin (too many mel bins for the FFT size): all zero, as in torch.
                lo = 0;
                hi = -1;
            }
            first[b] = lo;
            weights[b] = java.util.Arrays.copyOfRange(w, lo, hi + 1);
        }
    }

    /** {@code mel_scale_scalar}: the double-precision Kaldi mel of a frequency. */
    static double melScalar(double freq) {
        return 1127.0 * Math.log(1.0 + freq / 700.0);
    }

    int bins() {
        return bins;
    }

    /** Number of spectrum bins the filters read ({@code n/2 + 1}). */
    int fftBins() {
        return fftBins;
    }

    /** Weight of FFT bin {@code k} in filter {@code b}. */
    float weight(int b, int k) {
        int i = k - first[b];
        return i >= 0 && i < weights[b].length ? weights[b][i] : 0f;
    }

    /** Filter {@code b} applied to a power spectrum (rounded to float32 first, as torch holds it). */
    double apply(int b, float[] power) {
        float[] w = weights[b];
        int off = first[b];
        double acc = 0;
        for (int i = 0; i < w.length; i++) {
            acc += (double) w[i] * power[off + i];
        }
        return acc;
    }
}
