package dev.bindery.tensor.kernel;

import dev.bindery.tensor.DType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * An IEEE half-precision matrix backed by little-endian bytes (2 per value, row-major), the layout of
 * PyTorch, safetensors and GGUF F16 tensors. Values are upcast exactly ({@link HalfFloats}) inside the kernel.
 *
 * <p>Kernel order: each group of {@code 2L} values is read as {@code L} ints holding two halves each, so the group
 * comes out as its even-indexed values, then its odd-indexed ones; a shorter tail keeps its natural order.
 */
public final class F16Matrix extends Matrix {
    private final byte[] data;
    private final int offset;

    /**
     * Wraps {@code data[offset .. offset + 2*rows*cols)} without copying.
     *
     * @throws IllegalArgumentException if the array is too short
     */
    public F16Matrix(int rows, int cols, byte[] data, int offset) {
        super(rows, cols);
        checkStorage("F16", rows, cols, 2L * rows * cols, offset, data.length);
        this.data = data;
        this.offset = offset;
    }

    @Override
    public DType dtype() {
        return DType.F16;
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
        byte[] halves = data;
        FloatVector acc0 = FloatVector.zero(Lanes.F);
        FloatVector acc1 = FloatVector.zero(Lanes.F);
        int i = 0;
        // HalfFloats.fromHighHalves spelled out: no calls inside the loop (see Lanes)
        for (int bound = n - 2 * L; i <= bound; i += 2 * L) {
            IntVector v = ByteVector.fromArray(Lanes.B, halves, base + 2 * i).reinterpretAsInts();
            IntVector even = v.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(0x8fffe000);
            IntVector odd = v.lanewise(VectorOperators.ASHR, 3).and(0x8fffe000);
            IntVector evenSpecial = even.add(0x00800000).lanewise(VectorOperators.LSHL, 3)
                    .lanewise(VectorOperators.ASHR, 31).and(0x7f800000);
            IntVector oddSpecial = odd.add(0x00800000).lanewise(VectorOperators.LSHL, 3)
                    .lanewise(VectorOperators.ASHR, 31).and(0x7f800000);
            FloatVector e = even.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts().or(evenSpecial)
                    .reinterpretAsFloats();
            FloatVector o = odd.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts().or(oddSpecial)
                    .reinterpretAsFloats();
            acc0 = e.fma(FloatVector.fromArray(Lanes.F, x, xOffset + i), acc0);
            acc1 = o.fma(FloatVector.fromArray(Lanes.F, x, xOffset + i + L), acc1);
        }
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += HalfFloats.toFloat(data, base + 2 * i) * x[xOffset + i];
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
            HalfFloats.toFloats(v).intoArray(dst, dstOffset + i);
            HalfFloats.fromHighHalves(v).intoArray(dst, dstOffset + i + L);
        }
        for (; i < n; i++) {
            dst[dstOffset + i] = HalfFloats.toFloat(data, base + 2 * i);
        }
    }

    @Override
    void decodeRow(int row, float[] dst, int dstOffset) {
        HalfFloats.toFloats(data, offset + 2 * row * cols(), dst, dstOffset, cols());
    }
}
