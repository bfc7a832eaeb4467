/**
 * Pure-Java compute kernels on the Vector API (JDK 17 forms only): weight matrices kept in their storage format
 * ({@link dev.bindery.tensor.kernel.Matrix} and one subclass per format, built by
 * {@link dev.bindery.tensor.kernel.Matrices}), mat-vec and batched mat-mul ({@link dev.bindery.tensor.kernel.MatMul})
 * on a dedicated thread pool ({@link dev.bindery.tensor.kernel.Parallel}), and the element-wise and normalisation
 * operations of transformer inference ({@link dev.bindery.tensor.kernel.Norms},
 * {@link dev.bindery.tensor.kernel.Activations}, {@link dev.bindery.tensor.kernel.Rope},
 * {@link dev.bindery.tensor.kernel.VectorMath}, {@link dev.bindery.tensor.kernel.Erf},
 * {@link dev.bindery.tensor.kernel.HalfFloats}).
 *
 * <p>Q8_0 and Q4_0 matrices with a multiple of 16 rows are repacked once at load into groups of 16 rows
 * ({@link dev.bindery.tensor.kernel.GroupedQ8_0Matrix}, {@link dev.bindery.tensor.kernel.Int16Q4_0Matrix}): the same
 * bytes in the order whose kernels keep up with the memory read bandwidth; other shapes keep the file layout.
 * (2.0.0: {@code GroupedQ4_0Matrix}, the float Q4_0 kernel, gave way to {@code Int16Q4_0Matrix}.)
 *
 * <p>All math is float32 in the same order of operations as PyTorch where the golden fixtures depend on it
 * (noted per method). Needs {@code --add-modules=jdk.incubator.vector}.
 */
@Export
@Version("2.0.0")
package dev.bindery.tensor.kernel;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
