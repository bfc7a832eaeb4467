package dev.bindery.api.llm;

/** Why a generation ended. */
public enum StopReason {
    /** The model emitted its end-of-sequence token. */
    END_OF_SEQUENCE,
    /** The answer reached the maximum number of new tokens. */
    MAX_TOKENS,
    /** The prompt plus answer reached the model's context length. */
    CONTEXT_FULL,
    /** A stop sequence was generated. */
    STOP_SEQUENCE,
    /** The caller cancelled. */
    CANCELLED,
    /** The generation failed; see {@link Generation#await()}. */
    ERROR
}
