package dev.bindery.runtime.internal;

import dev.bindery.api.BinderyException;
import dev.bindery.api.assistant.Answer;
import dev.bindery.api.assistant.AnswerHandle;
import dev.bindery.api.assistant.Timings;
import dev.bindery.api.llm.Generation;
import dev.bindery.api.llm.GenerationResult;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** An answer in progress: the language model's generation, completed with the pipeline's timings. */
final class PipelineAnswer implements AnswerHandle {
    private final Generation generation;
    private final CompletionStage<Answer> completion;

    PipelineAnswer(Generation generation, StageTimes stages, String strategy) {
        this.generation = generation;
        this.completion = generation.completion().thenApply(result -> answer(result, stages, strategy));
    }

    private static Answer answer(GenerationResult result, StageTimes stages, String strategy) {
        stages.record("prompt", result.promptTime());
        stages.record("decode", result.decodeTime());
        Map<String, Duration> times = stages.snapshot();
        // Upstream strips the decoded answer (generate(...)[0].strip()).
        return new Answer(result.text().strip(), result.stopReason(), strategy, result.promptTokens(),
                result.generatedTokens(), new Timings(times, result.decodeTokensPerSecond()));
    }

    @Override
    public void cancel() {
        generation.cancel();
    }

    @Override
    public boolean isDone() {
        return generation.isDone();
    }

    @Override
    public CompletionStage<Answer> completion() {
        return completion;
    }

    @Override
    public Answer await() throws BinderyException, InterruptedException {
        GenerationResult ignored = generation.await();
        try {
            return completion.toCompletableFuture().get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new BinderyException("the answer could not be completed: " + e.getCause(), e.getCause());
        }
    }
}
