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
 * <p>It consumes the contracts of {@code dev.bindery.api.llm} and nothing else at run time; no OSGi types appear in
 * the tokenizer, sampling or generation code.
 */
package dev.bindery.llama;
