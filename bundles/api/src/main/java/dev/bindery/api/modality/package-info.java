/**
 * What goes into the shared embedding space: {@link dev.bindery.api.modality.Modality} (an open identifier),
 * {@link dev.bindery.api.modality.ModalityInput} (one input of a modality: a file, bytes with a media type, a tensor
 * or a text) and {@link dev.bindery.api.modality.Embedding} (a vector in the shared space).
 */
@Export
@Version("1.0.0")
package dev.bindery.api.modality;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
