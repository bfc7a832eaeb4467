package dev.bindery.encoder.audio.internal;

/**
 * {@code torchaudio.compliance.kaldi.fbank} with the arguments upstream's {@code waveform2melspec} passes
 * ({@code htk_compat=True, sample_frequency=16000, use_energy=False, window_type="hanning", num_mel_bins=128,
 * dither=0.0, frame_length=25, frame_shift=10}) and Kaldi's other defaults: frames of 400 samples every 160
 * ({@code snip_edges}: {@code 1 + (n - 400) / 160} frames, none for shorter input), per frame the DC offset removed,
 * pre-emphasis 0.97 with the first sample repeated, a symmetric Hann window, zero padding to 512, the power
 * spectrum, 128 mel filters, {@code log(max(energy, float32 eps))}. Float32 where torch stores a value, double
 * inside the FFT and the filter sums. Instances hold scratch buffers: one per thread.
 */
final class KaldiFbank {
    static final int SAMPLE_RATE = 16_000;
    static final int WINDOW = 400;
    static final int SHIFT = 160;
    static final int PADDED = 512;
    static final int MEL_BINS = 128;
    private static final float PREEMPHASIS = 0.97f;
    private static final float EPSILON = Math.ulp(1.0f);
    private static final KaldiMelBanks BANKS = new KaldiMelBanks(MEL_BINS, PADDED, SAMPLE_RATE, 20.0, 0.0);
    private static final float[] HANN = symmetricHann(WINDOW);

    private final RealFft fft = new RealFft(PADDED);
    private final float[] frame = new float[WINDOW];
    private final double[] powerD = new double[PADDED / 2 + 1];
    private final float[] power = new float[PADDED / 2 + 1];

    /** Frames Kaldi makes from {@code samples} samples with {@code snip_edges=True}. */
    static int frameCount(int samples) {
        return samples < WINDOW ? 0 : 1 + (samples - WINDOW) / SHIFT;
    }

    /**
     * Log mel energies of {@code x[off, off + n)}: {@code frameCount(n)} rows of {@link #MEL_BINS}, row-major.
     */
    float[] compute(float[] x, int off, int n) {
        int frames = frameCount(n);
        float[] out = new float[frames * MEL_BINS];
        for (int f = 0; f < frames; f++) {
            int start = off + f * SHIFT;
            double sum = 0;
            for (int i = 0; i < WINDOW; i++) {
                sum += x[start + i];
            }
            float mean = (float) (sum / WINDOW);
            for (int i = 0; i < WINDOW; i++) {
                frame[i] = x[start + i] - mean;
            }
            // Pre-emphasis from the end so each step still sees the unmodified previous sample.
            for (int i = WINDOW - 1; i > 0; i--) {
                frame[i] = frame[i] - PREEMPHASIS * frame[i - 1];
            }
            frame[0] = frame[0] - PREEMPHASIS * frame[0];
            for (int i = 0; i < WINDOW; i++) {
                frame[i] = frame[i] * HANN[i];
            }
            fft.powerSpectrum(frame, WINDOW, powerD);
            for (int k = 0; k < power.length; k++) {
                // torch: rfft(...).abs().pow(2), each stored as float32
                float magnitude = (float) Math.sqrt(powerD[k]);
                power[k] = magnitude * magnitude;
            }
            for (int b = 0; b < MEL_BINS; b++) {
                float energy = (float) BANKS.apply(b, power);
                out[f * MEL_BINS + b] = (float) Math.log(Math.max(energy, EPSILON));
            }
        }
        return out;
    }

    /** {@code torch.hann_window(n, periodic=False)} in float32: {@code 0.5 - 0.5 cos(2 pi k / (n - 1))}. */
    static float[] symmetricHann(int n) {
        float step = (float) (Math.PI * 2.0 / (n - 1));
        float[] w = new float[n];
        for (int k = 0; k < n; k++) {
            float c = (float) Math.cos((double) ((float) k * step));
            w[k] = c * -0.5f + 0.5f;
        }
        return w;
    }
}
