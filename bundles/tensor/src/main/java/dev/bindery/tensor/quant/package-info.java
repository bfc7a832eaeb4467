/**
 * Quantisation of float32 values to the GGML block formats Q8_0 and Q4_0, bit-exact with ggml's reference
 * functions {@code quantize_row_q8_0_ref} and {@code quantize_row_q4_0_ref} (the ones ggml uses to create model
 * files), producing {@link dev.bindery.tensor.TensorData} that the GGUF writer can store as it is.
 */
@Export
@Version("1.0.0")
package dev.bindery.tensor.quant;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
