package dev.bindery.tensor.kernel;

import dev.bindery.tensor.DType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * A GGML Q4_0 matrix: each row is {@code cols / 32} blocks of 18 bytes, an f16 scale {@code d} followed by 16
 * bytes whose low nibbles are values 0..15 of the block and high nibbles values 16..31;
 * value = {@code (nibble - 8) * d}. Backed by the file's bytes as they are.
 */
public final class Q4_0Matrix extends Matrix {
    /** Values per block. */
    public static final int BLOCK = 32;
    /** Bytes per block. */
    public static final int BLOCK_BYTES = 18;

    private final byte[] data;
    private final int offset;
    private final int rowBytes;

    /**
     * Wraps {@code rows * cols / 32} blocks at {@code data[offset ..]} without copying.
     *
     * @throws IllegalArgumentException if {@code cols} is not a multiple of 32 or the array is too short
     */
    public Q4_0Matrix(int rows, int cols, byte[] data, int offset) {
        super(rows, cols);
        if (cols % BLOCK != 0) {
            throw new IllegalArgumentException("Q4_0 row length " + cols + " is not a multiple of " + BLOCK);
        }
        this.rowBytes = cols / BLOCK * BLOCK_BYTES;
        checkStorage("Q4_0", rows, cols, (long) rows * rowBytes, offset, data.length);
        this.data = data;
        this.offset = offset;
    }

    @Override
    public DType dtype() {
        return DType.Q4_0;
    }

    @Override
    public long byteSize() {
        return (long) rows() * rowBytes;
    }

    @Override
    float dotUnchecked(int row, float[] x, int xOffset) {
        int blocks = cols() / BLOCK;
        int base = offset + row * rowBytes;
        FloatVector acc0 = FloatVector.zero(Lanes.F);
        FloatVector acc1 = FloatVector.zero(Lanes.F);
        int b = 0;
        for (; b + 1 < blocks; b += 2) {
            int at = base + b * BLOCK_BYTES;
            int xi = xOffset + b * BLOCK;
            acc0 = block(at, x, xi, acc0);
            acc1 = block(at + BLOCK_BYTES, x, xi + BLOCK, acc1);
        }
        if (b < blocks) {
            acc0 = block(base + b * BLOCK_BYTES, x, xOffset + b * BLOCK, acc0);
        }
        return acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    }

    private FloatVector block(int at, float[] x, int xi, FloatVector acc) {
        FloatVector sum = FloatVector.zero(Lanes.F);
        for (int k = 0; k < BLOCK / 2; k += Lanes.Q_LOAD) {
            ByteVector packed = ByteVector.fromArray(Lanes.Q_BYTES, data, at + 2 + k);
            ByteVector lo = packed.and((byte) 0x0f).sub((byte) 8);
            ByteVector hi = packed.lanewise(VectorOperators.LSHR, 4).sub((byte) 8);
            for (int p = 0; p < Lanes.Q_PARTS; p++) {
                int j = k + p * Lanes.L;
                FloatVector wl = (FloatVector) lo.convertShape(VectorOperators.B2F, Lanes.F, p);
                FloatVector wh = (FloatVector) hi.convertShape(VectorOperators.B2F, Lanes.F, p);
                sum = wl.fma(FloatVector.fromArray(Lanes.F, x, xi + j), sum);
                sum = wh.fma(FloatVector.fromArray(Lanes.F, x, xi + BLOCK / 2 + j), sum);
            }
        }
        return sum.fma(FloatVector.broadcast(Lanes.F, HalfFloats.toFloat(data, at)), acc);
    }

    @Override
    void decodeRow(int row, float[] dst, int dstOffset) {
        int blocks = cols() / BLOCK;
        int base = offset + row * rowBytes;
        for (int b = 0; b < blocks; b++) {
            int at = base + b * BLOCK_BYTES;
            int out = dstOffset + b * BLOCK;
            float d = HalfFloats.toFloat(data, at);
            for (int k = 0; k < BLOCK / 2; k += Lanes.Q_LOAD) {
                ByteVector packed = ByteVector.fromArray(Lanes.Q_BYTES, data, at + 2 + k);
                ByteVector lo = packed.and((byte) 0x0f).sub((byte) 8);
                ByteVector hi = packed.lanewise(VectorOperators.LSHR, 4).sub((byte) 8);
                for (int p = 0; p < Lanes.Q_PARTS; p++) {
                    int j = k + p * Lanes.L;
                    ((FloatVector) lo.convertShape(VectorOperators.B2F, Lanes.F, p)).mul(d).intoArray(dst, out + j);
                    ((FloatVector) hi.convertShape(VectorOperators.B2F, Lanes.F, p)).mul(d)
                            .intoArray(dst, out + BLOCK / 2 + j);
                }
            }
        }
    }
}
