package dev.bindery.llama.internal.sampling;

import java.util.random.RandomGenerator;

/**
 * Temperature above 0, as upstream {@code generate()}: {@code softmax(logits / T)}, then {@code sample_top_p}
 * (sort, cut where the preceding mass exceeds {@code top_p}, renormalise, draw). An optional top-k restricts the
 * logits first. Draws come from the given generator, so a seeded generator repeats the same answer. Not
 * thread-safe (the generator is state): one instance per generation.
 */
public final class NucleusSampler implements Sampler {
    private final float temperature;
    private final float topP;
    private final int topK;
    private final RandomGenerator random;

    /**
     * @param temperature a positive finite number
     * @param topP        in (0, 1]
     * @param topK        the number of best tokens kept before top-p, or 0 for all
     * @param random      the source of the draws
     */
    public NucleusSampler(float temperature, float topP, int topK, RandomGenerator random) {
        if (!(temperature > 0) || !Float.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a positive finite number, was " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top-p must be in (0, 1], was " + topP);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top-k must be >= 0, was " + topK);
        }
        this.temperature = temperature;
        this.topP = topP;
        this.topK = topK;
        this.random = random;
    }

    @Override
    public int sample(float[] logits) {
        Logits.check(logits);
        float[] probs = Softmax.withTemperature(topK > 0 ? TopK.mask(logits, topK) : logits, temperature);
        NucleusFilter.Result nucleus = NucleusFilter.filter(probs, topP);
        return nucleus.sortedIds()[Multinomial.draw(nucleus.sortedProbs(), random)];
    }
}
