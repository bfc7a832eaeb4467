package dev.bindery.tensor.kernel;

import dev.bindery.tensor.DType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * A GGML Q8_0 matrix: each row is {@code cols / 32} blocks of 34 bytes, an f16 scale {@code d} followed by 32
 * signed bytes {@code q}; value = {@code q * d}. Backed by the file's bytes as they are.
 */
public final class Q8_0Matrix extends Matrix {
    /** Values per block. */
    public static final int BLOCK = 32;
    /** Bytes per block. */
    public static final int BLOCK_BYTES = 34;

    private final byte[] data;
    private final int offset;
    private final int rowBytes;

    /**
     * Wraps {@code rows * cols / 32} blocks at {@code data[offset ..]} without copying.
     *
     * @throws IllegalArgumentException if {@code cols} is not a multiple of 32 or the array is too short
     */
    public Q8_0Matrix(int rows, int cols, byte[] data, int offset) {
        super(rows, cols);
        if (cols % BLOCK != 0) {
            throw new IllegalArgumentException("Q8_0 row length " + cols + " is not a multiple of " + BLOCK);
        }
        this.rowBytes = cols / BLOCK * BLOCK_BYTES;
        checkStorage("Q8_0", rows, cols, (long) rows * rowBytes, offset, data.length);
        this.data = data;
        this.offset = offset;
    }

    @Override
    public DType dtype() {
        return DType.Q8_0;
    }

    @Override
    public long byteSize() {
        return (long) rows() * rowBytes;
    }

    @Override
    float dotUnchecked(int row, float[] x, int xOffset) {
        int blocks = cols() / BLOCK;
        int base = offset + row * rowBytes;
        // Two accumulators so that consecutive blocks do not wait on each other's final fma.
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

    /** acc + d * (q . x) for one block: the int8 products are summed first, then scaled once. */
    private FloatVector block(int at, float[] x, int xi, FloatVector acc) {
        FloatVector sum = FloatVector.zero(Lanes.F);
        for (int k = 0; k < BLOCK; k += Lanes.Q_LOAD) {
            ByteVector q = ByteVector.fromArray(Lanes.Q_BYTES, data, at + 2 + k);
            for (int p = 0; p < Lanes.Q_PARTS; p++) {
                FloatVector w = (FloatVector) q.convertShape(VectorOperators.B2F, Lanes.F, p);
                sum = w.fma(FloatVector.fromArray(Lanes.F, x, xi + k + p * Lanes.L), sum);
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
            for (int k = 0; k < BLOCK; k += Lanes.Q_LOAD) {
                ByteVector q = ByteVector.fromArray(Lanes.Q_BYTES, data, at + 2 + k);
                for (int p = 0; p < Lanes.Q_PARTS; p++) {
                    ((FloatVector) q.convertShape(VectorOperators.B2F, Lanes.F, p)).mul(d)
                            .intoArray(dst, out + k + p * Lanes.L);
                }
            }
        }
    }
}
