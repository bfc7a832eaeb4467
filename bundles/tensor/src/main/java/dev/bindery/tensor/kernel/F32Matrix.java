package dev.bindery.tensor.kernel;

import dev.bindery.tensor.DType;

/** A float32 matrix backed by a {@code float[]} (row-major, from an offset). */
public final class F32Matrix extends Matrix {
    private final float[] values;
    private final int offset;

    /** Wraps {@code values[0 .. rows*cols)} without copying. */
    public F32Matrix(int rows, int cols, float[] values) {
        this(rows, cols, values, 0);
    }

    /**
     * Wraps {@code values[offset .. offset + rows*cols)} without copying.
     *
     * @throws IllegalArgumentException if the array is too short
     */
    public F32Matrix(int rows, int cols, float[] values, int offset) {
        super(rows, cols);
        checkStorage("F32", rows, cols, (long) rows * cols, offset, values.length);
        this.values = values;
        this.offset = offset;
    }

    @Override
    public DType dtype() {
        return DType.F32;
    }

    @Override
    public long byteSize() {
        return 4L * rows() * cols();
    }

    /** The backing array (shared, not copied): used by the batched kernels to skip decoding. */
    float[] array() {
        return values;
    }

    /** Index of the first value of {@code row} in {@link #array()}. */
    int rowStart(int row) {
        return offset + row * cols();
    }

    @Override
    float dotPermuted(int row, float[] x, int xOffset) {
        return VectorMath.dot(values, rowStart(row), x, xOffset, cols());
    }

    @Override
    void decodePermuted(int row, float[] dst, int dstOffset) {
        decodeRow(row, dst, dstOffset);
    }

    @Override
    void decodeRow(int row, float[] dst, int dstOffset) {
        System.arraycopy(values, rowStart(row), dst, dstOffset, cols());
    }
}
