/**
 * The modality-encoder contract: a {@link dev.bindery.api.encoder.ModalityEncoder} service turns inputs of one
 * modality into embeddings in the shared space. Implemented by Bindery's encoder bundles and by third parties.
 */
@Export
@Version("1.0.0")
package dev.bindery.api.encoder;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
