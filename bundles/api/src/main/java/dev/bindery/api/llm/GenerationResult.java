package dev.bindery.api.llm;

import java.time.Duration;
import java.util.Objects;

/**
 * A finished generation: the answer text (cut at the end-of-sequence token or stop sequence, not stripped), the
 * generated token ids, token counts, why it stopped, and the time spent on the prompt and on decoding.
 */
public final class GenerationResult {
    private final String text;
    private final int[] tokens;
    private final int promptTokens;
    private final StopReason stopReason;
    private final Duration promptTime;
    private final Duration decodeTime;

    public GenerationResult(String text, int[] tokens, int promptTokens, StopReason stopReason, Duration promptTime,
            Duration decodeTime) {
        this.text = Objects.requireNonNull(text, "text");
        this.tokens = Objects.requireNonNull(tokens, "tokens").clone();
        this.promptTokens = promptTokens;
        this.stopReason = Objects.requireNonNull(stopReason, "stopReason");
        this.promptTime = Objects.requireNonNull(promptTime, "promptTime");
        this.decodeTime = Objects.requireNonNull(decodeTime, "decodeTime");
    }

    public String text() {
        return text;
    }

    /** A copy of the generated token ids (an emitted end-of-sequence id included). */
    public int[] tokens() {
        return tokens.clone();
    }

    public int promptTokens() {
        return promptTokens;
    }

    public int generatedTokens() {
        return tokens.length;
    }

    public StopReason stopReason() {
        return stopReason;
    }

    public Duration promptTime() {
        return promptTime;
    }

    public Duration decodeTime() {
        return decodeTime;
    }

    /** Generated tokens per second of decoding, or 0 when nothing was decoded. */
    public double decodeTokensPerSecond() {
        long nanos = decodeTime.toNanos();
        return nanos == 0 ? 0 : tokens.length * 1e9 / nanos;
    }
}
