package dev.bindery.api.llm;

import java.util.Objects;
import java.util.Optional;

/**
 * What to generate from: the full prompt text (already formatted, e.g. with the Alpaca template; it is encoded with a
 * leading begin-of-sequence token) or prompt token ids, an optional visual feature, and the sampling options.
 */
public final class GenerationRequest {
    private final String prompt;
    private final int[] promptTokens;
    private final float[] visualFeature;
    private final SamplingOptions sampling;

    private GenerationRequest(String prompt, int[] promptTokens, float[] visualFeature, SamplingOptions sampling) {
        this.prompt = prompt;
        this.promptTokens = promptTokens;
        this.visualFeature = visualFeature;
        this.sampling = Objects.requireNonNull(sampling, "sampling");
    }

    /** A request for a prompt text; {@code visualFeature} may be {@code null} for plain LLaMA. */
    public static GenerationRequest ofPrompt(String prompt, float[] visualFeature, SamplingOptions sampling) {
        return new GenerationRequest(Objects.requireNonNull(prompt, "prompt"), null,
                visualFeature == null ? null : visualFeature.clone(), sampling);
    }

    /** A request for prompt token ids, used as they are (include the begin-of-sequence id if wanted). */
    public static GenerationRequest ofTokens(int[] promptTokens, float[] visualFeature, SamplingOptions sampling) {
        if (Objects.requireNonNull(promptTokens, "promptTokens").length == 0) {
            throw new IllegalArgumentException("the prompt must hold at least one token");
        }
        return new GenerationRequest(null, promptTokens.clone(), visualFeature == null ? null : visualFeature.clone(),
                sampling);
    }

    public Optional<String> prompt() {
        return Optional.ofNullable(prompt);
    }

    public Optional<int[]> promptTokens() {
        return Optional.ofNullable(promptTokens).map(int[]::clone);
    }

    public Optional<float[]> visualFeature() {
        return Optional.ofNullable(visualFeature).map(float[]::clone);
    }

    public SamplingOptions sampling() {
        return sampling;
    }
}
