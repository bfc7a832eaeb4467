package dev.bindery.llama.internal.sampling;

/**
 * Chooses the next token from the logits of the last position. Implementations do not modify the array. A sampler
 * may hold random state, so one instance serves one generation at a time.
 */
public interface Sampler {
    /**
     * The chosen token id.
     *
     * @throws IllegalArgumentException if the logits are empty or hold a NaN
     */
    int sample(float[] logits);
}
