package dev.bindery.api.llm;

import java.util.List;
import java.util.Objects;

/**
 * How tokens are chosen, with ImageBind-LLM's defaults: temperature 0.1, top-p 0.75, no top-k, 256 new tokens at most.
 * A temperature of 0 means greedy decoding. Sampling with the same seed, model and input repeats the same answer.
 * Immutable; build variants with the {@code with*} methods.
 */
public final class SamplingOptions {
    public static final float DEFAULT_TEMPERATURE = 0.1f;
    public static final float DEFAULT_TOP_P = 0.75f;
    public static final int DEFAULT_MAX_NEW_TOKENS = 256;

    private static final SamplingOptions DEFAULTS =
            new SamplingOptions(DEFAULT_TEMPERATURE, DEFAULT_TOP_P, 0, null, DEFAULT_MAX_NEW_TOKENS, List.of());

    private final float temperature;
    private final float topP;
    private final int topK;
    private final Long seed;
    private final int maxNewTokens;
    private final List<String> stop;

    private SamplingOptions(float temperature, float topP, int topK, Long seed, int maxNewTokens, List<String> stop) {
        if (!(temperature >= 0) || !Float.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number >= 0, was " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top-p must be in (0, 1], was " + topP);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top-k must be >= 0 (0 = off), was " + topK);
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("max new tokens must be >= 1, was " + maxNewTokens);
        }
        for (String s : stop) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("a stop sequence must not be empty");
            }
        }
        this.temperature = temperature;
        this.topP = topP;
        this.topK = topK;
        this.seed = seed;
        this.maxNewTokens = maxNewTokens;
        this.stop = List.copyOf(stop);
    }

    /** ImageBind-LLM's defaults. */
    public static SamplingOptions defaults() {
        return DEFAULTS;
    }

    /** Greedy decoding (temperature 0). */
    public static SamplingOptions greedy() {
        return DEFAULTS.withTemperature(0);
    }

    public float temperature() {
        return temperature;
    }

    public float topP() {
        return topP;
    }

    /** The number of most likely tokens kept before top-p, or 0 for no top-k. */
    public int topK() {
        return topK;
    }

    /** The random seed, or {@code null} for a fresh seed per generation. */
    public Long seed() {
        return seed;
    }

    public int maxNewTokens() {
        return maxNewTokens;
    }

    /** Texts that end the answer when generated; the stop text itself is not part of the answer. */
    public List<String> stop() {
        return stop;
    }

    public SamplingOptions withTemperature(float value) {
        return new SamplingOptions(value, topP, topK, seed, maxNewTokens, stop);
    }

    public SamplingOptions withTopP(float value) {
        return new SamplingOptions(temperature, value, topK, seed, maxNewTokens, stop);
    }

    public SamplingOptions withTopK(int value) {
        return new SamplingOptions(temperature, topP, value, seed, maxNewTokens, stop);
    }

    public SamplingOptions withSeed(Long value) {
        return new SamplingOptions(temperature, topP, topK, value, maxNewTokens, stop);
    }

    public SamplingOptions withMaxNewTokens(int value) {
        return new SamplingOptions(temperature, topP, topK, seed, value, stop);
    }

    public SamplingOptions withStop(List<String> value) {
        return new SamplingOptions(temperature, topP, topK, seed, maxNewTokens, Objects.requireNonNull(value));
    }

    @Override
    public String toString() {
        return "temperature " + temperature + ", top-p " + topP + (topK > 0 ? ", top-k " + topK : "")
                + (seed != null ? ", seed " + seed : "") + ", max " + maxNewTokens + " tokens"
                + (stop.isEmpty() ? "" : ", stop " + stop);
    }
}
