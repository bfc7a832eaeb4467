/**
 * Bindery's multimodal pipeline.
 *
 * <p>Provides the {@link dev.bindery.api.assistant.Assistant} (configuration PID {@code dev.bindery.runtime}: default
 * strategy, cache options, encoding threads; changes apply to the next request) and two
 * {@link dev.bindery.api.strategy.GenerationStrategy} services, exactly as ImageBind-LLM's {@code forward_visual}:
 * {@code naive} (weighted mix of the normalised embeddings straight into the bind network) and {@code cache-enhanced}
 * (the mix blended with its nearest neighbours from a {@link dev.bindery.api.cache.VisualCache} first).
 *
 * <p>Consumes, all dynamically and any number of each: {@link dev.bindery.api.encoder.ModalityEncoder} (per modality
 * the best-ranked; when an encoder's provider goes away while it encodes, the input goes to the next-ranked one),
 * strategies, caches, {@link dev.bindery.api.bind.BindNetwork} and {@link dev.bindery.api.llm.LanguageModel}; the
 * cache bundle's blend. Exports nothing.
 */
package dev.bindery.runtime;
