/**
 * Writing ONNX models from Java, with no Python and no protobuf library: {@link dev.bindery.onnx.GraphBuilder}
 * assembles a graph of standard opset-17 operators over named values, initializers come from
 * {@link dev.bindery.onnx.TensorSource}s (streamed from memory-mapped checkpoints at write time) and
 * {@link dev.bindery.onnx.OnnxModelWriter} serialises the model (inline, or with an external data file for weights
 * above 1 GiB).
 *
 * <p>The bundle also provides {@code dev.bindery.onnx.imagebind} (the ImageBind modality trunks built as ONNX graphs
 * from a checkpoint) and {@code dev.bindery.onnx.session} (ONNX Runtime sessions and the model files the encoder
 * bundles use). It consumes {@code dev.bindery.tensor.io} (checkpoint readers), {@code dev.bindery.api} (exceptions,
 * embeddings) and {@code ai.onnxruntime} from the bindery-onnxruntime bundle.
 */
@Export
@Version("1.0.0")
package dev.bindery.onnx;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
