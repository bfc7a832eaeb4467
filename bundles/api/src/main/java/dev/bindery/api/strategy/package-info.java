/**
 * The generation-strategy contract: a {@link dev.bindery.api.strategy.GenerationStrategy} turns a request's weighted
 * modality embeddings into the visual feature the language model receives. Bindery ships {@code naive} and
 * {@code cache-enhanced}; third parties may register more.
 */
@Export
@Version("1.0.0")
package dev.bindery.api.strategy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
