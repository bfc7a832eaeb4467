package dev.bindery.llama.internal.service;

import dev.bindery.api.BinderyException;
import dev.bindery.api.llm.Generation;
import dev.bindery.api.llm.GenerationResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/** The handle of one generation: a cancel flag the loop polls and the future its thread completes. */
final class RunningGeneration implements Generation {
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final CompletableFuture<GenerationResult> result = new CompletableFuture<>();

    @Override
    public void cancel() {
        cancelled.set(true);
    }

    boolean isCancelled() {
        return cancelled.get();
    }

    void complete(GenerationResult r) {
        result.complete(r);
    }

    void fail(BinderyException e) {
        result.completeExceptionally(e);
    }

    @Override
    public boolean isDone() {
        return result.isDone();
    }

    @Override
    public CompletionStage<GenerationResult> completion() {
        return result.minimalCompletionStage();
    }

    @Override
    public GenerationResult await() throws BinderyException, InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BinderyException b) {
                throw b;
            }
            throw new BinderyException("the generation failed: " + e.getCause(), e.getCause());
        }
    }
}
