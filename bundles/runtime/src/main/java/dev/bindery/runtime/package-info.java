/**
 * Bindery's multimodal pipeline.
 *
 * <p>Provides the {@code naive} {@link dev.bindery.api.strategy.GenerationStrategy} service (weighted mix of the
 * normalised embeddings, straight into the bind network, exactly as ImageBind-LLM's {@code forward_visual} without
 * the cache). Consumes only the API bundle's contracts. Exports nothing.
 */
package dev.bindery.runtime;
