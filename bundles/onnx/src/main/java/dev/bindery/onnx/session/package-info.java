/**
 * Running encoder graphs with ONNX Runtime for the encoder bundles: {@link dev.bindery.onnx.session.EncoderSession}
 * (one session per graph, CPU or CUDA with a logged fallback to CPU), {@link dev.bindery.onnx.session.TrunkModelFiles}
 * (a model package's {@code <modality>.onnx} files, built from the checkpoint on first use),
 * {@link dev.bindery.onnx.session.TrunkEncoder} (a {@link dev.bindery.api.encoder.ModalityEncoder} over a session,
 * batching inputs), {@link dev.bindery.onnx.session.ClipMeanEncoder} (the same for inputs of several clips, such as
 * audio: one row per clip, the embedding is the mean of the clips' embeddings), {@link
 * dev.bindery.onnx.session.TensorInputs} ({@code .npy} and tensor inputs of a fixed shape) and {@link
 * dev.bindery.onnx.session.EncoderRegistration} (an encoder registered as a service with the properties the pipeline
 * selects by, for the encoder bundles' DS components; consumes {@code org.osgi.framework}).
 */
@Export
@Version("1.0.0")
package dev.bindery.onnx.session;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
