/**
 * Core tensor types of Bindery: {@link dev.bindery.tensor.DType}, {@link dev.bindery.tensor.TensorData}
 * (named, shaped, little-endian bytes, heap or memory-mapped; a mapped tensor is copied with bounded reads of its
 * {@link dev.bindery.tensor.FileRegion}, not through the mapping) and the exact half-precision and GGML block
 * conversions ({@link dev.bindery.tensor.Float16}, {@link dev.bindery.tensor.Dequantizer}).
 *
 * <p>The bundle provides these types, the file formats in {@code dev.bindery.tensor.io} (npy, PyTorch zip
 * checkpoints, Meta sharded checkpoints, safetensors, GGUF) and the compute kernels; it consumes nothing
 * but the JDK (plus {@code jdk.incubator.vector} for the kernels). No OSGi types are used here.
 */
@Export
@Version("1.1.0")
package dev.bindery.tensor;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
