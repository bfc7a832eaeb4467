package dev.bindery.api.llm;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives a generation's output as it is produced. Called on the generation's thread, in order; an implementation
 * returns quickly. Text is delivered in complete UTF-8 characters and never includes a stop sequence.
 */
@ConsumerType
@FunctionalInterface
public interface TokenListener {
    /** A listener that ignores the stream (the result still carries the whole text). */
    TokenListener NONE = text -> { };

    /** New answer text. */
    void onText(String text);
}
