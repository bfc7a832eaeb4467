/**
 * Bindery's multimodal pipeline.
 *
 * <p>Provides two {@link dev.bindery.api.strategy.GenerationStrategy} services, exactly as ImageBind-LLM's
 * {@code forward_visual}: {@code naive} (weighted mix of the normalised embeddings straight into the bind network) and
 * {@code cache-enhanced} (the mix blended with its nearest neighbours from a {@link dev.bindery.api.cache.VisualCache}
 * first). Consumes the API's contracts and the cache bundle's blend. Exports nothing.
 */
package dev.bindery.runtime;
