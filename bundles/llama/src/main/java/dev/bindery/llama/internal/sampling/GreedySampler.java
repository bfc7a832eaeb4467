package dev.bindery.llama.internal.sampling;

/** Temperature 0: {@code torch.argmax(logits)}, the first index among equal maxima. Stateless and thread-safe. */
public final class GreedySampler implements Sampler {
    @Override
    public int sample(float[] logits) {
        Logits.check(logits);
        return argmax(logits);
    }

    /** The index of the largest value, the lowest index among ties. */
    public static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
