package dev.bindery.tensor.kernel;

import dev.bindery.tensor.DType;
import java.util.Objects;

/**
 * A read-only weight matrix of {@code rows x cols} values kept in its storage format, row-major, in PyTorch's
 * Linear layout {@code (out, in)}: row {@code r} holds the weights of output {@code r}. Each subclass owns one
 * format and a vectorised dot product specialised for it; {@link MatMul} drives them over rows in parallel.
 *
 * <p>Instances never copy the array they are given; callers must not modify it afterwards.
 */
public abstract sealed class Matrix permits F32Matrix, F16Matrix, BF16Matrix, RowBlockMatrix,
        GroupedBlockMatrix, Int16Q4_0Matrix {
    private final int rows;
    private final int cols;

    Matrix(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative matrix size " + rows + " x " + cols);
        }
        this.rows = rows;
        this.cols = cols;
    }

    /** Number of rows (outputs of a Linear layer). */
    public final int rows() {
        return rows;
    }

    /** Number of columns (inputs of a Linear layer). */
    public final int cols() {
        return cols;
    }

    /** The storage format. */
    public abstract DType dtype();

    /** Bytes of weight storage this matrix references. */
    public abstract long byteSize();

    /**
     * The dot product of row {@code row} with {@code x[xOffset .. xOffset + cols)}, accumulated in float32.
     *
     * @throws IndexOutOfBoundsException if the row or the input range is out of bounds
     */
    public final float dot(int row, float[] x, int xOffset) {
        Objects.checkIndex(row, rows);
        Objects.checkFromIndexSize(xOffset, cols, x.length);
        if (!permutesInput()) {
            return dotPermuted(row, x, xOffset);
        }
        float[] xp = PermutedInput.buffer(cols);
        permute(x, xOffset, xp, 0);
        return dotPermuted(row, xp, 0);
    }

    /**
     * Writes row {@code row} as float32 into {@code dst[dstOffset .. dstOffset + cols)} (dequantised exactly as
     * ggml's {@code dequantize_row_*} for the block formats; exact for F16 and BF16).
     *
     * @throws IndexOutOfBoundsException if the row or the output range is out of bounds
     */
    public final void getRow(int row, float[] dst, int dstOffset) {
        Objects.checkIndex(row, rows);
        Objects.checkFromIndexSize(dstOffset, cols, dst.length);
        decodeRow(row, dst, dstOffset);
    }

    /** All values as a new float32 array, row-major (for tests and small matrices). */
    public final float[] toFloatArray() {
        float[] out = new float[Math.multiplyExact(rows, cols)];
        for (int r = 0; r < rows; r++) {
            decodeRow(r, out, r * cols);
        }
        return out;
    }

    /**
     * True when the kernels read inputs in a format-specific order (see {@link Lanes}); then {@link #permute}
     * must be applied to an input once before {@link #dotPermuted}, and {@link #decodePermuted} yields the weights
     * in the same order.
     */
    boolean permutesInput() {
        return false;
    }

    /** Writes {@code x[xOffset .. + cols)} in the order the kernels of this format read it. */
    void permute(float[] x, int xOffset, float[] dst, int dstOffset) {
        System.arraycopy(x, xOffset, dst, dstOffset, cols);
    }

    /** Dot product of a row with an input already in kernel order ({@link #permute}); no bounds checks. */
    abstract float dotPermuted(int row, float[] xp, int xpOffset);

    /** Writes a row's values as float32 in kernel order. */
    abstract void decodePermuted(int row, float[] dst, int dstOffset);

    /** Writes a row's values as float32 in natural order. */
    abstract void decodeRow(int row, float[] dst, int dstOffset);

    static void checkStorage(String format, int rows, int cols, long needed, int offset, int length) {
        if (offset < 0 || offset > length || needed > length - offset) {
            throw new IllegalArgumentException(format + " matrix " + rows + " x " + cols + " needs " + needed
                    + " storage elements from offset " + offset + " but the array has " + length);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + rows + " x " + cols + "]";
    }
}
