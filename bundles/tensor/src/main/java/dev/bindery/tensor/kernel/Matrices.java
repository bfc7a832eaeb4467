package dev.bindery.tensor.kernel;

import dev.bindery.tensor.DType;
import dev.bindery.tensor.Dequantizer;
import dev.bindery.tensor.FileRegion;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.quant.Q8_0Quantizer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Builds the {@link Matrix} for a weight tensor, keeping its storage format.
 *
 * <p>The matrix has {@code rows = shape[0]} and {@code cols = } the product of the other dimensions (a Linear
 * weight {@code (out, in)} as it is; a convolution weight {@code (out, in, k...)} flattened as PyTorch's
 * {@code weight.view(out, -1)}).
 * <ul>
 *   <li>Q8_0, Q4_0 with a multiple of 16 rows: repacked once into groups of 16 rows ({@link GroupedQ8_0Matrix};
 *       {@link Int16Q4_0Matrix}, whose block sums are 16-bit integers against the input quantised to 8 bits per
 *       block, as llama.cpp does). Both repacked forms are the same number of bytes
 *       in the order their kernels read, in a new array that the tensor's bytes are copied into one group at a
 *       time (a file's tensor read from the file, as below). Other row counts: as F16 below.</li>
 *   <li>F16, BF16, Q8_0, Q4_0: copied once into a heap array in the same layout, since the JDK 17 Vector API
 *       only loads from arrays and a tensor's buffer is never handed out writable; a tensor mapped from a file
 *       is copied with file reads, so its mapped pages never become resident next to the copy.</li>
 *   <li>F32 and F64: converted once into a {@code float[]} (F64 rounded to nearest).</li>
 *   <li>Q4_K and Q6_K: <b>requantised to Q8_0</b> on load, row by row (dequantised as ggml does, then quantised
 *       with ggml's Q8_0 reference rounding). Q8_0 has 8-bit values with one scale per 32, so the extra error is
 *       far below the K-quant error itself, and only one row of float32 exists at a time.</li>
 * </ul>
 */
public final class Matrices {
    private Matrices() {
    }

    /**
     * The matrix view of {@code tensor}.
     *
     * @throws IllegalArgumentException (naming the tensor) if it has rank below 2, more rows/columns or bytes
     *                                  than an array holds, or a dtype that is not a floating-point or supported
     *                                  block format
     */
    public static Matrix of(TensorData tensor) {
        String name = tensor.name();
        if (tensor.rank() < 2) {
            throw new IllegalArgumentException("tensor '" + name + "' of shape " + Arrays.toString(tensor.shape())
                    + " is not a matrix (rank " + tensor.rank() + ")");
        }
        long rowsL = tensor.dim(0);
        long colsL = rowsL == 0 ? 0 : tensor.numel() / rowsL;
        if (rowsL == 0) {
            colsL = 1;
            for (int i = 1; i < tensor.rank(); i++) {
                colsL *= tensor.dim(i);
            }
        }
        if (rowsL > Integer.MAX_VALUE || colsL > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor '" + name + "' of shape " + Arrays.toString(tensor.shape())
                    + " has more rows or columns than an array index can address");
        }
        int rows = (int) rowsL;
        int cols = (int) colsL;
        DType dtype = tensor.dtype();
        try {
            return switch (dtype) {
                case F32, F64 -> new F32Matrix(rows, cols, tensor.toFloatArray());
                case F16 -> new F16Matrix(rows, cols, heapBytes(tensor), 0);
                case BF16 -> new BF16Matrix(rows, cols, heapBytes(tensor), 0);
                case Q8_0 -> RowGroups.fits(rows, cols, Q8_0Matrix.BLOCK)
                        ? GroupedQ8_0Matrix.repack(rows, cols, rowSource(tensor, rows, cols))
                        : new Q8_0Matrix(rows, cols, heapBytes(tensor), 0);
                case Q4_0 -> RowGroups.fits(rows, cols, Q4_0Matrix.BLOCK)
                        ? Int16Q4_0Matrix.repack(rows, cols, rowSource(tensor, rows, cols))
                        : new Q4_0Matrix(rows, cols, heapBytes(tensor), 0);
                case Q4_K, Q6_K -> requantiseToQ8_0(tensor, rows, cols);
                default -> throw new IllegalArgumentException("dtype " + dtype + " is not a weight format");
            };
        } catch (IllegalArgumentException | IllegalStateException e) {
            if (e.getMessage() != null && e.getMessage().contains("'" + name + "'")) {
                throw e;
            }
            throw new IllegalArgumentException("tensor '" + name + "' (" + dtype + " " + Arrays.toString(tensor.shape())
                    + "): " + e.getMessage(), e);
        }
    }

    /**
     * A heap copy of the tensor's bytes ({@link TensorData#copyBytes}: a file's tensor is read from the file, not
     * through its mapping).
     */
    private static byte[] heapBytes(TensorData tensor) {
        long size = tensor.byteSize();
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(size + " bytes do not fit one array");
        }
        byte[] copy = new byte[(int) size];
        tensor.copyBytes(0, copy, 0, copy.length);
        return copy;
    }

    /** Rows of a block-format tensor in file order, read group by group ({@link TensorData#copyBytes}). */
    private static RowGroups.Source rowSource(TensorData tensor, int rows, int cols) {
        long rowBytes = tensor.byteSize() / rows;
        return (first, count, dst) -> tensor.copyBytes(first * rowBytes, dst, 0, Math.toIntExact(count * rowBytes));
    }

    private static Matrix requantiseToQ8_0(TensorData tensor, int rows, int cols) {
        DType type = tensor.dtype();
        int blocksPerRow = cols / type.blockSize();
        int rowBytes = Math.toIntExact((long) blocksPerRow * type.bytesPerBlock());
        long outBytes = (long) rows * (cols / Q8_0Quantizer.BLOCK) * Q8_0Quantizer.BLOCK_BYTES;
        if (outBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(outBytes + " bytes of Q8_0 do not fit one array");
        }
        byte[] out = new byte[(int) outBytes];
        float[] row = new float[cols];
        // source rows a batch at a time through one small buffer (copyBytes reads a file's tensor from the file)
        int batch = Math.max(1, Math.min(rows, FileRegion.CHUNK / Math.max(1, rowBytes)));
        byte[] src = new byte[batch * rowBytes];
        ByteBuffer view = ByteBuffer.wrap(src).order(ByteOrder.LITTLE_ENDIAN);
        int outRowBytes = cols / Q8_0Quantizer.BLOCK * Q8_0Quantizer.BLOCK_BYTES;
        for (int first = 0; first < rows; first += batch) {
            int n = Math.min(batch, rows - first);
            tensor.copyBytes((long) first * rowBytes, src, 0, n * rowBytes);
            for (int r = 0; r < n; r++) {
                Dequantizer.dequantize(type, view, r * rowBytes, row, 0, blocksPerRow);
                Q8_0Quantizer.quantizeRow(row, 0, cols, out, (first + r) * outRowBytes);
            }
        }
        if (RowGroups.fits(rows, cols, Q8_0Quantizer.BLOCK)) {
            return GroupedQ8_0Matrix.repack(rows, cols,
                    (first, count, dst) -> System.arraycopy(out, first * outRowBytes, dst, 0, count * outRowBytes), out, 0);
        }
        return new Q8_0Matrix(rows, cols, out, 0);
    }
}
