package dev.bindery.llama.internal.service;

import dev.bindery.api.BinderyException;
import dev.bindery.api.InvalidInputException;
import dev.bindery.api.llm.GenerationResult;
import dev.bindery.api.llm.SamplingOptions;
import dev.bindery.api.llm.TokenListener;
import dev.bindery.llama.internal.generation.GenerationLoop;
import dev.bindery.llama.internal.model.Llama;
import dev.bindery.llama.internal.model.LlamaState;
import dev.bindery.llama.internal.sampling.Sampler;
import dev.bindery.llama.internal.tokenizer.SentencePieceTokenizer;
import java.util.function.BooleanSupplier;

/**
 * One generation on a shared model, on the calling thread: a fresh {@link LlamaState} sized to what the request can
 * use (prompt plus the token budget, at most the context), the visual term computed once, then upstream's
 * {@code generate()} loop with {@link Llama#forward} as its model step. Thread-safe: every call has its own state.
 */
public final class LlamaGenerator {
    private final Llama llama;
    private final SentencePieceTokenizer tokenizer;

    public LlamaGenerator(Llama llama, SentencePieceTokenizer tokenizer) {
        if (llama.config().vocabSize() != tokenizer.vocabularySize()) {
            throw new IllegalArgumentException("model vocabulary " + llama.config().vocabSize() + " vs tokenizer "
                    + tokenizer.vocabularySize());
        }
        this.llama = llama;
        this.tokenizer = tokenizer;
    }

    public Llama llama() {
        return llama;
    }

    public SentencePieceTokenizer tokenizer() {
        return tokenizer;
    }

    /**
     * Checks what {@link #run} would refuse, without allocating the cache: the prompt must leave room for one new
     * token in the context and hold only vocabulary ids; the visual feature must fit the adapter.
     *
     * @throws InvalidInputException naming the problem
     */
    public void check(int[] prompt, float[] visualFeature) throws InvalidInputException {
        if (prompt.length == 0) {
            throw new InvalidInputException("the prompt holds no tokens");
        }
        if (prompt.length >= llama.contextLength()) {
            throw new InvalidInputException("the prompt has " + prompt.length + " tokens; the context holds "
                    + llama.contextLength() + ", so no room is left for an answer");
        }
        for (int i = 0; i < prompt.length; i++) {
            if (prompt[i] < 0 || prompt[i] >= tokenizer.vocabularySize()) {
                throw new InvalidInputException("prompt token " + i + " is " + prompt[i]
                        + ", outside the vocabulary of " + tokenizer.vocabularySize());
            }
        }
        if (visualFeature != null) {
            llama.checkVisual(visualFeature);
        }
    }

    /**
     * Generates an answer.
     *
     * @param visualFeature the bind network's output for this request, or null for plain LLaMA
     * @throws InvalidInputException see {@link #check}
     * @throws BinderyException      what the model step throws
     */
    public GenerationResult run(int[] prompt, float[] visualFeature, SamplingOptions options, Sampler sampler,
            TokenListener listener, BooleanSupplier cancelled) throws BinderyException {
        check(prompt, visualFeature);
        int capacity = (int) Math.min(llama.contextLength(), (long) prompt.length + options.maxNewTokens());
        LlamaState state = llama.newState(capacity, visualFeature);
        // The loop bounds prompt + answer by its context length: the state's capacity, which is the real context
        // whenever the context (not the token budget) is what limits the answer.
        return new GenerationLoop(tokenizer, Math.max(2, capacity)).run(prompt,
                (tokens, startPos) -> llama.forward(state, tokens, startPos), sampler, options, listener, cancelled);
    }
}
