package dev.bindery.api.assistant;

import java.time.Duration;
import org.osgi.annotation.versioning.ConsumerType;

/** Receives an answer as it is produced. Called in order on the answering thread; implementations return quickly. */
@ConsumerType
public interface AnswerListener {
    /** A listener that ignores the stream. */
    AnswerListener NONE = text -> { };

    /** New answer text. */
    void onText(String text);

    /** A pipeline stage finished (e.g. {@code encode.image}, {@code cache}, {@code bind}, {@code prompt}). */
    default void onStage(String stage, Duration time) {
    }
}
