package dev.bindery.tensor.kernel;

import dev.bindery.tensor.DType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * A bfloat16 matrix backed by little-endian bytes (2 per value, row-major). A bfloat16 is the top half of a
 * float32, so the upcast is a 16-bit shift and exact. Kernel order as {@link F16Matrix} (even, then odd values of
 * each group of {@code 2L}).
 */
public final class BF16Matrix extends Matrix {
    private final byte[] data;
    private final int offset;

    /**
     * Wraps {@code data[offset .. offset + 2*rows*cols)} without copying.
     *
     * @throws IllegalArgumentException if the array is too short
     */
    public BF16Matrix(int rows, int cols, byte[] data, int offset) {
        super(rows, cols);
        checkStorage("BF16", rows, cols, 2L * rows * cols, offset, data.length);
        this.data = data;
        this.offset = offset;
    }

    @Override
    public DType dtype() {
        return DType.BF16;
    }

    @Override
    public long byteSize() {
        return 2L * rows() * cols();
    }

    @Override
    boolean permutesInput() {
        return true;
    }

    @Override
    void permute(float[] x, int xOffset, float[] dst, int dstOffset) {
        EvenOdd.permute(x, xOffset, dst, dstOffset, cols());
    }

    @Override
    float dotPermuted(int row, float[] x, int xOffset) {
        int n = cols();
        int base = offset + 2 * row * n;
        int L = Lanes.L;
        FloatVector acc0 = FloatVector.zero(Lanes.F);
        FloatVector acc1 = FloatVector.zero(Lanes.F);
        int i = 0;
        for (int bound = n - 2 * L; i <= bound; i += 2 * L) {
            IntVector v = ByteVector.fromArray(Lanes.B, data, base + 2 * i).reinterpretAsInts();
            acc0 = v.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats()
                    .fma(FloatVector.fromArray(Lanes.F, x, xOffset + i), acc0);
            acc1 = v.and(0xffff0000).reinterpretAsFloats()
                    .fma(FloatVector.fromArray(Lanes.F, x, xOffset + i + L), acc1);
        }
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += HalfFloats.bf16ToFloat(data, base + 2 * i) * x[xOffset + i];
        }
        return sum;
    }

    @Override
    void decodePermuted(int row, float[] dst, int dstOffset) {
        int n = cols();
        int base = offset + 2 * row * n;
        int L = Lanes.L;
        int i = 0;
        for (int bound = n - 2 * L; i <= bound; i += 2 * L) {
            IntVector v = ByteVector.fromArray(Lanes.B, data, base + 2 * i).reinterpretAsInts();
            v.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().intoArray(dst, dstOffset + i);
            v.and(0xffff0000).reinterpretAsFloats().intoArray(dst, dstOffset + i + L);
        }
        for (; i < n; i++) {
            dst[dstOffset + i] = HalfFloats.bf16ToFloat(data, base + 2 * i);
        }
    }

    @Override
    void decodeRow(int row, float[] dst, int dstOffset) {
        int base = offset + 2 * row * cols();
        for (int i = 0; i < cols(); i++) {
            dst[dstOffset + i] = HalfFloats.bf16ToFloat(data, base + 2 * i);
        }
    }
}
