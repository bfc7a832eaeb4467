package dev.bindery.llama.internal.sampling;

import java.util.random.RandomGenerator;

/**
 * One draw from a discrete distribution (what {@code torch.multinomial(probs, 1)} does): pick {@code u} uniformly in
 * {@code [0, sum)} and return the first index whose running sum exceeds it. Zero-probability entries are never
 * chosen. The draw is reproducible for a given generator state, but not bit-identical to torch's generator: the same
 * seed in PyTorch and here gives different tokens.
 */
public final class Multinomial {
    private Multinomial() {
    }

    /**
     * The drawn index.
     *
     * @throws IllegalArgumentException if the weights are negative, not finite, or all zero
     */
    public static int draw(float[] weights, RandomGenerator random) {
        double total = 0;
        int last = -1;
        for (int i = 0; i < weights.length; i++) {
            float w = weights[i];
            if (!(w >= 0) || Float.isInfinite(w)) {
                throw new IllegalArgumentException("probability " + i + " is " + w + ", not a finite number >= 0");
            }
            if (w > 0) {
                total += w;
                last = i;
            }
        }
        if (last < 0) {
            throw new IllegalArgumentException("all " + weights.length + " probabilities are zero");
        }
        double u = random.nextDouble() * total;
        double running = 0;
        for (int i = 0; i < weights.length; i++) {
            running += weights[i];
            if (weights[i] > 0 && u < running) {
                return i;
            }
        }
        return last; // u rounded up to the total: the last possible entry
    }
}
