package dev.bindery.api.llm;

import dev.bindery.api.BinderyException;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/** A running or finished generation. */
@ProviderType
public interface Generation {
    /**
     * Asks the generation to stop after the token being computed; the result then has
     * {@link StopReason#CANCELLED} and the text produced so far.
     */
    void cancel();

    boolean isDone();

    /** Completes with the result, or exceptionally with the {@link BinderyException} that ended the generation. */
    CompletionStage<GenerationResult> completion();

    /**
     * Waits for the result.
     *
     * @throws BinderyException     the failure that ended the generation
     * @throws InterruptedException if the waiting thread is interrupted (the generation goes on; cancel it if needed)
     */
    GenerationResult await() throws BinderyException, InterruptedException;
}
