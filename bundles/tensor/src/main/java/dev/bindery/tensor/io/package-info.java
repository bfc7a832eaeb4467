/**
 * Tensor file formats: NumPy {@code .npy} ({@link dev.bindery.tensor.io.Npy}), PyTorch {@code torch.save} zip
 * checkpoints ({@link dev.bindery.tensor.io.TorchCheckpoint}), Meta's sharded LLaMA checkpoints
 * ({@link dev.bindery.tensor.io.MetaCheckpoint}), safetensors ({@link dev.bindery.tensor.io.Safetensors}) and
 * GGUF ({@link dev.bindery.tensor.io.GgufFile}, {@link dev.bindery.tensor.io.GgufWriter}). Readers memory-map files and hand out
 * {@link dev.bindery.tensor.TensorData} slices without copying where the layout allows; bad files raise
 * {@link dev.bindery.tensor.io.FormatException}.
 */
@Export
@Version("1.0.0")
package dev.bindery.tensor.io;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
