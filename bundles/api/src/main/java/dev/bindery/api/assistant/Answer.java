package dev.bindery.api.assistant;

import dev.bindery.api.llm.StopReason;
import java.util.Objects;

/** A finished answer: its text (stripped as upstream does), why it stopped, token counts and timings. */
public final class Answer {
    private final String text;
    private final StopReason stopReason;
    private final String strategy;
    private final int promptTokens;
    private final int generatedTokens;
    private final Timings timings;

    public Answer(String text, StopReason stopReason, String strategy, int promptTokens, int generatedTokens,
            Timings timings) {
        this.text = Objects.requireNonNull(text, "text");
        this.stopReason = Objects.requireNonNull(stopReason, "stopReason");
        this.strategy = strategy;
        this.promptTokens = promptTokens;
        this.generatedTokens = generatedTokens;
        this.timings = Objects.requireNonNull(timings, "timings");
    }

    public String text() {
        return text;
    }

    public StopReason stopReason() {
        return stopReason;
    }

    /** The strategy that composed the visual feature, or {@code null} for a text-only question. */
    public String strategy() {
        return strategy;
    }

    public int promptTokens() {
        return promptTokens;
    }

    public int generatedTokens() {
        return generatedTokens;
    }

    public Timings timings() {
        return timings;
    }
}
