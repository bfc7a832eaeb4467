package dev.bindery.llama.internal.service;

import dev.bindery.api.BinderyException;
import dev.bindery.api.InvalidInputException;
import dev.bindery.api.ServiceUnavailableException;
import dev.bindery.api.llm.Generation;
import dev.bindery.api.llm.GenerationRequest;
import dev.bindery.api.llm.GenerationResult;
import dev.bindery.api.llm.LanguageModel;
import dev.bindery.api.llm.ModelInfo;
import dev.bindery.api.llm.SamplingOptions;
import dev.bindery.api.llm.StopReason;
import dev.bindery.api.llm.TokenListener;
import dev.bindery.api.llm.Tokenizer;
import dev.bindery.llama.internal.load.LoadedModel;
import dev.bindery.llama.internal.model.Llama;
import dev.bindery.llama.internal.sampling.Sampler;
import dev.bindery.llama.internal.sampling.Samplers;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link LanguageModel} on a loaded decoder, free of OSGi: requests are checked on the caller's thread and run
 * on a dedicated pool of generation threads, each with its own state, so several generations proceed at once
 * (their matrix products share the model's kernel pool); the rest wait in the queue. Closing cancels what runs and
 * refuses new requests.
 */
public final class LlamaLanguageModel implements LanguageModel, AutoCloseable {
    private final String id;
    private final LoadedModel model;
    private final LlamaGenerator generator;
    private final ExecutorService executor;
    private final Set<RunningGeneration> running = ConcurrentHashMap.newKeySet();
    private final SecureRandom seeds = new SecureRandom();
    private volatile boolean closed;

    /**
     * @param id                    the model id ({@link LanguageModel#MODEL_ID})
     * @param concurrentGenerations how many generations run at the same time (at least 1)
     */
    public LlamaLanguageModel(String id, LoadedModel model, int concurrentGenerations) {
        if (concurrentGenerations < 1) {
            throw new IllegalArgumentException("concurrent generations must be at least 1, was " + concurrentGenerations);
        }
        this.id = Objects.requireNonNull(id, "id");
        this.model = model;
        this.generator = new LlamaGenerator(model.llama(), model.tokenizer());
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(concurrentGenerations, concurrentGenerations, 30,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "bindery-llama-" + id + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.executor = pool;
    }

    @Override
    public ModelInfo info() {
        Llama llama = model.llama();
        return new ModelInfo(id, llama.visualDimension(), llama.config().vocabSize(), llama.contextLength(),
                llama.weightFormat(), llama.parameters());
    }

    @Override
    public Tokenizer tokenizer() {
        return model.tokenizer();
    }

    @Override
    public Generation generate(GenerationRequest request, TokenListener listener) throws BinderyException {
        Objects.requireNonNull(listener, "listener");
        if (closed) {
            throw new ServiceUnavailableException("language model " + id + " has been shut down");
        }
        int[] prompt = request.promptTokens().isPresent() ? request.promptTokens().get()
                : model.tokenizer().encode(request.prompt().orElseThrow(), true, false);
        float[] visual = request.visualFeature().orElse(null);
        generator.check(prompt, visual);
        SamplingOptions options = request.sampling();
        Sampler sampler;
        try {
            sampler = Samplers.forOptions(options, seeds.nextLong());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("sampling options: " + e.getMessage(), e);
        }
        RunningGeneration handle = new RunningGeneration();
        running.add(handle);
        try {
            executor.execute(() -> run(handle, prompt, visual, options, sampler, listener));
        } catch (RejectedExecutionException e) {
            running.remove(handle);
            throw new ServiceUnavailableException("language model " + id + " has been shut down", e);
        }
        return handle;
    }

    private void run(RunningGeneration handle, int[] prompt, float[] visual, SamplingOptions options, Sampler sampler,
            TokenListener listener) {
        try {
            if (handle.isCancelled() || closed) { // cancelled while queued: no prompt processing at all
                handle.complete(new GenerationResult("", new int[0], prompt.length, StopReason.CANCELLED,
                        Duration.ZERO, Duration.ZERO));
                return;
            }
            GenerationResult r = generator.run(prompt, visual, options, sampler, listener,
                    () -> handle.isCancelled() || closed);
            handle.complete(r);
        } catch (BinderyException e) {
            handle.fail(e);
        } catch (RuntimeException | Error e) {
            handle.fail(new BinderyException("generation on " + id + " failed: " + e, e));
        } finally {
            running.remove(handle);
        }
    }

    /** Cancels running generations, lets them finish their current token, and stops the generation threads. */
    @Override
    public void close() {
        closed = true;
        for (RunningGeneration g : running) {
            g.cancel();
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "LlamaLanguageModel[" + info() + " from " + model.source() + "]";
    }
}
