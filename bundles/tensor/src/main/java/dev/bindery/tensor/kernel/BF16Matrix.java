package dev.bindery.tensor.kernel;

import dev.bindery.tensor.DType;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * A bfloat16 matrix backed by little-endian bytes (2 per value, row-major). A bfloat16 is the top half of a
 * float32, so the upcast is a 16-bit shift and exact.
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
    float dotUnchecked(int row, float[] x, int xOffset) {
        int n = cols();
        int base = offset + 2 * row * n;
        int L = Lanes.L;
        FloatVector acc0 = FloatVector.zero(Lanes.F);
        FloatVector acc1 = FloatVector.zero(Lanes.F);
        int i = 0;
        for (int bound = n - 2 * L; i <= bound; i += 2 * L) {
            acc0 = HalfFloats.loadBf16(data, base + 2 * i).fma(FloatVector.fromArray(Lanes.F, x, xOffset + i), acc0);
            acc1 = HalfFloats.loadBf16(data, base + 2 * (i + L))
                    .fma(FloatVector.fromArray(Lanes.F, x, xOffset + i + L), acc1);
        }
        for (int bound = n - L; i <= bound; i += L) {
            acc0 = HalfFloats.loadBf16(data, base + 2 * i).fma(FloatVector.fromArray(Lanes.F, x, xOffset + i), acc0);
        }
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += HalfFloats.bf16ToFloat(data, base + 2 * i) * x[xOffset + i];
        }
        return sum;
    }

    @Override
    void decodeRow(int row, float[] dst, int dstOffset) {
        int n = cols();
        int base = offset + 2 * row * n;
        int i = 0;
        for (int bound = n - Lanes.L; i <= bound; i += Lanes.L) {
            HalfFloats.loadBf16(data, base + 2 * i).intoArray(dst, dstOffset + i);
        }
        for (; i < n; i++) {
            dst[dstOffset + i] = HalfFloats.bf16ToFloat(data, base + 2 * i);
        }
    }
}
