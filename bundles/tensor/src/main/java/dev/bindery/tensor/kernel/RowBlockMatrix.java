package dev.bindery.tensor.kernel;

import dev.bindery.tensor.DType;

/**
 * What the row-major GGML block formats ({@link Q8_0Matrix}, {@link Q4_0Matrix}) share: each row is
 * {@code cols / 32} blocks of a fixed size, an f16 scale followed by the block's values, backed by the file's bytes
 * as they are. Both kernels read a block's values in a permuted order, so both take permuted inputs.
 */
abstract sealed class RowBlockMatrix extends Matrix permits Q8_0Matrix, Q4_0Matrix {
    /** Values per block in both formats. */
    public static final int BLOCK = 32;

    /** The blocks, shared with the subclass kernels. */
    final byte[] data;
    /** Index of the first row's first byte in {@link #data}. */
    final int offset;
    /** Bytes per row. */
    final int rowBytes;
    private final DType dtype;

    /**
     * @throws IllegalArgumentException if {@code cols} is not a multiple of 32 or the array is too short
     */
    RowBlockMatrix(DType dtype, int blockBytes, int rows, int cols, byte[] data, int offset) {
        super(rows, cols);
        if (cols % BLOCK != 0) {
            throw new IllegalArgumentException(dtype + " row length " + cols + " is not a multiple of " + BLOCK);
        }
        this.dtype = dtype;
        this.rowBytes = cols / BLOCK * blockBytes;
        checkStorage(dtype.name(), rows, cols, (long) rows * rowBytes, offset, data.length);
        this.data = data;
        this.offset = offset;
    }

    @Override
    public final DType dtype() {
        return dtype;
    }

    @Override
    public final long byteSize() {
        return (long) rows() * rowBytes;
    }

    @Override
    final boolean permutesInput() {
        return true;
    }
}
