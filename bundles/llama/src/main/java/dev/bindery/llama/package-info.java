/**
 * Bindery's LLaMA language model as ImageBind-LLM runs it.
 *
 * <p>The bundle provides (so far, as implementation packages) the SentencePiece tokenizer
 * ({@code internal.tokenizer}: reads {@code tokenizer.model}, BPE encoding and decoding exactly as SentencePiece
 * 0.1.97), the Alpaca prompt templates of upstream {@code format_prompt} ({@code internal.prompt}), token sampling
 * as upstream {@code generate()} / {@code sample_top_p} ({@code internal.sampling}) and the generation loop with
 * streaming text, stop sequences and end-of-sequence handling ({@code internal.generation}). The decoder itself
 * (LLaMA with LoRA, biases and the gated visual injection) comes next and will register a
 * {@link dev.bindery.api.llm.LanguageModel} service.
 *
 * <p>Entry points for the decoder step: {@code SentencePieceTokenizer.load(path)} (implements the API's
 * {@code Tokenizer}), {@code AlpacaPrompt.format(instruction, input)}, {@code Samplers.forOptions(options, seed)} and
 * {@code new GenerationLoop(tokenizer, maxSeqLen).run(promptIds, logitsFunction, sampler, options, listener,
 * cancelled)}, where the decoder supplies the {@code LogitsFunction} (upstream {@code forward_inference}).
 *
 * <p>It consumes the contracts of {@code dev.bindery.api} ({@code Tokenizer}, {@code SamplingOptions},
 * {@code GenerationResult}, {@code StopReason}, {@code TokenListener}); the tensor bundle is a build dependency for the
 * decoder to come. No OSGi types appear in the tokenizer, sampling or generation code.
 */
package dev.bindery.llama;
