package dev.bindery.encoder.image.internal;

/**
 * pytorchvideo's {@code UniformTemporalSubsample(num_samples)}: of a clip's {@code T} frames it keeps those at
 * {@code torch.linspace(0, T - 1, num_samples).clamp(0, T - 1).long()}. The linspace is computed as torch does for
 * float32 (from the start for the first half, from the end for the second), then truncated; for 2 samples that is
 * the first and the last frame.
 */
public final class UniformTemporalSubsample {
    private UniformTemporalSubsample() {
    }

    /** The kept frame indices, in order (repeats allowed, as upstream: a 1-frame clip gives {0, 0}). */
    public static int[] indices(int frames, int samples) {
        if (frames <= 0 || samples <= 0) {
            throw new IllegalArgumentException("a clip of " + frames + " frames cannot give " + samples + " samples");
        }
        int[] out = new int[samples];
        float end = frames - 1;
        if (samples == 1) {
            return out; // linspace(0, end, 1) = [0]
        }
        float step = end / (samples - 1);
        int half = samples / 2;
        for (int i = 0; i < samples; i++) {
            float v = i < half ? i * step : end - (samples - 1 - i) * step;
            out[i] = (int) Math.max(0f, Math.min(end, v));
        }
        return out;
    }
}
