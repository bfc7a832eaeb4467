package dev.bindery.llama.internal.generation;

import dev.bindery.api.BinderyException;
import dev.bindery.api.InvalidInputException;
import dev.bindery.api.llm.GenerationResult;
import dev.bindery.api.llm.SamplingOptions;
import dev.bindery.api.llm.StopReason;
import dev.bindery.api.llm.TokenListener;
import dev.bindery.llama.internal.sampling.Sampler;
import dev.bindery.llama.internal.tokenizer.SentencePieceTokenizer;
import dev.bindery.llama.internal.tokenizer.StreamingDecoder;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * Upstream {@code LLaMA_adapter.generate()} for one prompt: feed the whole prompt at position 0, then one token per
 * step; sample from the last position's logits; stop after emitting the end-of-sequence token, after
 * {@code maxNewTokens}, or when prompt plus answer fill the context ({@code total_len = min(max_seq_len,
 * max_gen_len + prompt_len)}). The model is called once per generated token, so the last sampled token is never fed
 * back, exactly as upstream.
 *
 * <p>Beyond upstream: text streams to a {@link TokenListener} in complete characters, text-level stop sequences end
 * the answer early (the stop text is not part of it), and a cancel flag is checked before every token.
 */
public final class GenerationLoop {
    private final SentencePieceTokenizer tokenizer;
    private final int contextLength;

    /**
     * @param contextLength the model's {@code max_seq_len}: prompt plus answer never exceed it
     */
    public GenerationLoop(SentencePieceTokenizer tokenizer, int contextLength) {
        if (contextLength < 2) {
            throw new IllegalArgumentException("context length must be at least 2, was " + contextLength);
        }
        this.tokenizer = tokenizer;
        this.contextLength = contextLength;
    }

    /**
     * Generates an answer.
     *
     * @param prompt    the prompt ids (upstream: {@code encode(prompt, bos=True, eos=False)})
     * @param sampler   picks each token ({@code Samplers.forOptions(options, seed)} normally)
     * @param options   the token budget and stop sequences (temperature etc. are the sampler's business)
     * @param listener  receives the answer text as it becomes final
     * @param cancelled polled before each token; when it turns true the result has {@link StopReason#CANCELLED}
     * @throws InvalidInputException if the prompt is empty, holds an id outside the vocabulary, or leaves no room in
     *                               the context
     * @throws BinderyException      what the model step throws
     */
    public GenerationResult run(int[] prompt, LogitsFunction model, Sampler sampler, SamplingOptions options,
            TokenListener listener, BooleanSupplier cancelled) throws BinderyException {
        checkPrompt(prompt);
        int budget = Math.min(options.maxNewTokens(), contextLength - prompt.length);
        StopReason reason = budget < options.maxNewTokens() ? StopReason.CONTEXT_FULL : StopReason.MAX_TOKENS;
        StreamingDecoder decoder = new StreamingDecoder(tokenizer);
        StopSequences stops = new StopSequences(options.stop());
        StringBuilder text = new StringBuilder();
        int[] generated = new int[budget];
        int count = 0;

        long start = System.nanoTime();
        float[] logits = model.forward(prompt.clone(), 0);
        long promptDone = System.nanoTime();
        while (count < budget) {
            if (cancelled.getAsBoolean()) {
                reason = StopReason.CANCELLED;
                break;
            }
            int token = sampler.sample(logits);
            generated[count++] = token;
            if (token == tokenizer.eosId()) {
                reason = StopReason.END_OF_SEQUENCE;
                break;
            }
            emit(stops.accept(decoder.push(token)), text, listener);
            if (stops.stopped()) {
                reason = StopReason.STOP_SEQUENCE;
                break;
            }
            if (count < budget) {
                logits = model.forward(new int[] {token}, prompt.length + count - 1);
            }
        }
        if (!stops.stopped()) {
            emit(stops.accept(decoder.finish()), text, listener);
            if (stops.stopped()) {
                reason = StopReason.STOP_SEQUENCE; // completed by bytes held back until now
            }
            emit(stops.flush(), text, listener);
        }
        long end = System.nanoTime();
        return new GenerationResult(text.toString(), Arrays.copyOf(generated, count), prompt.length, reason,
                Duration.ofNanos(promptDone - start), Duration.ofNanos(end - promptDone));
    }

    private void checkPrompt(int[] prompt) throws InvalidInputException {
        if (prompt.length == 0) {
            throw new InvalidInputException("the prompt holds no tokens");
        }
        if (prompt.length >= contextLength) {
            throw new InvalidInputException("the prompt has " + prompt.length + " tokens; the context holds "
                    + contextLength + ", so no room is left for an answer");
        }
        int vocabulary = tokenizer.vocabularySize();
        for (int i = 0; i < prompt.length; i++) {
            if (prompt[i] < 0 || prompt[i] >= vocabulary) {
                throw new InvalidInputException("prompt token " + i + " is " + prompt[i] + ", outside the vocabulary of "
                        + vocabulary);
            }
        }
    }

    private static void emit(String delta, StringBuilder text, TokenListener listener) {
        if (!delta.isEmpty()) {
            text.append(delta);
            listener.onText(delta);
        }
    }
}
