package dev.bindery.api.assistant;

import dev.bindery.api.BinderyException;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/** A running or finished answer. */
@ProviderType
public interface AnswerHandle {
    /** Stops the answer after the token being computed. */
    void cancel();

    boolean isDone();

    CompletionStage<Answer> completion();

    /**
     * Waits for the answer.
     *
     * @throws BinderyException     the failure that ended it
     * @throws InterruptedException if the waiting thread is interrupted
     */
    Answer await() throws BinderyException, InterruptedException;
}
