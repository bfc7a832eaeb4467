package dev.bindery.tensor.kernel;

import dev.bindery.tensor.DType;

/**
 * The grouped Q8_0 layout's storage and addressing ({@link GroupedQ8_0Matrix}): blocks of 32 columns whose bytes
 * are stored, per group of {@value RowGroups#ROWS} rows, as the 16 rows' f16 scales followed by the value bytes
 * column-major over the 16 rows. ({@link Int16Q4_0Matrix} shares the repacking and {@link #allocate}, not the
 * per-byte addressing.)
 */
abstract sealed class GroupedBlockMatrix extends Matrix implements RowGroups permits GroupedQ8_0Matrix {
    /** Values per block. */
    public static final int BLOCK = 32;

    /** The repacked bytes, shared with the subclass kernels. */
    final byte[] data;
    /** Index of the first group's first byte in {@link #data}. */
    final int offset;
    /** Blocks per row. */
    final int blocks;
    private final DType dtype;
    private final int blockBytes;

    GroupedBlockMatrix(DType dtype, int blockBytes, int rows, int cols, byte[] data, int offset) {
        super(rows, cols);
        this.dtype = dtype;
        this.blockBytes = blockBytes;
        this.data = data;
        this.offset = offset;
        this.blocks = cols / BLOCK;
    }

    /** A new array for a repacked {@code rows x cols} matrix of this layout, after checking that the shape fits. */
    static byte[] allocate(DType dtype, int rows, int cols, int blockBytes) {
        int rowBytes = RowGroups.checkShape(dtype.name(), rows, cols, BLOCK, blockBytes);
        return new byte[Math.multiplyExact(rows, rowBytes)];
    }

    @Override
    public final DType dtype() {
        return dtype;
    }

    @Override
    public final long byteSize() {
        return (long) rows() * blocks * blockBytes;
    }

    @Override
    final void decodePermuted(int row, float[] dst, int dstOffset) {
        decodeRow(row, dst, dstOffset);
    }

    /** Where row {@code row}'s value bytes of block {@code b} start; its byte {@code j} is {@code 16 j} further on. */
    final int blockStart(int row, int b) {
        return groupBlock(row, b) + 2 * ROWS + (row % ROWS);
    }

    /** The f16 scale of row {@code row} in block {@code b}. */
    final float scale(int row, int b) {
        return HalfFloats.toFloat(data, groupBlock(row, b) + 2 * (row % ROWS));
    }

    private int groupBlock(int row, int b) {
        return offset + (row / ROWS) * ROWS * blocks * blockBytes + b * ROWS * blockBytes;
    }
}
