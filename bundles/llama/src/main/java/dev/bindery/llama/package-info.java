/**
 * Bindery's LLaMA language model as ImageBind-LLM runs it.
 *
 * <p><b>Provides</b> the {@link dev.bindery.api.llm.LanguageModel} service (DS component
 * {@code internal.service.LlamaComponent}, configuration PID {@code dev.bindery.llama}, factory configurations for
 * several models; registered with {@code bindery.model.id}). Everything else is implementation:
 * <ul>
 *   <li>{@code internal.model}: the decoder ({@code Llama}, shared and immutable) and the per-request
 *       {@code LlamaState} (KV cache, visual term, scratch). Pre-norm RMSNorm, RoPE in Meta's pair layout, SwiGLU,
 *       the finetune phase's biases and LoRA (kept unmerged), and the gated visual injection: per adapter layer
 *       {@code tanh(gate) * wv(feature + prefix_query[l])} computed once per request and added to every token's
 *       attention output before {@code wo}. Without a visual feature the model is the fine-tuned LLaMA without that
 *       term (upstream's {@code Transformer.forward}).</li>
 *   <li>{@code internal.load}: Meta checkpoints + {@code params.json} + {@code tokenizer.model} + the
 *       {@code adapter.pth}, or GGUF (llama.cpp's files, and ours with the adapter inside), translated to
 *       canonical tensor names ({@code WeightSet}), converted to F32/F16/Q8_0/Q4_0 on request, written back as one
 *       GGUF, and checked by name when the model is built ({@code ModelMismatchException} names the tensor).</li>
 *   <li>{@code internal.tokenizer}, {@code internal.sampling}, {@code internal.generation}: SentencePiece BPE as
 *       0.1.97, upstream's sampling and
 *       {@code generate()} loop with streaming, stop sequences and cancellation. The Alpaca template is the API's
 *       {@code LanguageModel.formatPrompt} default.</li>
 * </ul>
 *
 * <p>Entry points for code outside OSGi (the benchmark): {@code ModelLoader.load(ModelFiles, WeightFormat,
 * contextLength, Parallel)} or {@code LlamaBuilder.build(SyntheticWeights.random(config, format, seed), ...)} give
 * a {@code Llama}; {@code llama.newState(capacity, visualFeature)} and {@code llama.forward(state, tokens,
 * startPos)} run it.
 *
 * <p><b>Consumes</b> the contracts of {@code dev.bindery.api} and the tensor bundle's readers, writers and kernels.
 * No OSGi types appear outside {@code internal.service}.
 */
package dev.bindery.llama;
