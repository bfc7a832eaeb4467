package dev.bindery.llama.internal.sampling;

import dev.bindery.api.llm.SamplingOptions;
import java.util.SplittableRandom;

/** Builds the sampler for a generation's options. */
public final class Samplers {
    private Samplers() {
    }

    /**
     * Greedy for temperature 0, otherwise temperature + top-k + top-p with a {@link SplittableRandom} seeded from
     * the options, or from {@code freshSeed} when the options carry none.
     */
    public static Sampler forOptions(SamplingOptions options, long freshSeed) {
        if (options.temperature() == 0) {
            return new GreedySampler();
        }
        long seed = options.seed() != null ? options.seed() : freshSeed;
        return new NucleusSampler(options.temperature(), options.topP(), options.topK(), new SplittableRandom(seed));
    }
}
