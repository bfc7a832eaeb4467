package dev.bindery.tensor.kernel;

import dev.bindery.tensor.DType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * A GGML Q8_0 matrix: each row is {@code cols / 32} blocks of 34 bytes, an f16 scale {@code d} followed by 32
 * signed bytes {@code q}; value = {@code q * d}. Backed by the file's bytes as they are.
 *
 * <p>Kernel: the 32 bytes of a block are one 256-bit load viewed as 8 ints; a left shift that puts byte {@code k}
 * at the top of each lane and an arithmetic right shift by 24 sign-extend it, and a same-shape int-to-float
 * conversion makes it exact floats, so the block's values come out in the order {@code k, 4+k, 8+k, ...} for
 * {@code k = 0..3}; inputs are permuted to match once per call. Products are summed per block, then scaled once by
 * {@code d}.
 */
public final class Q8_0Matrix extends RowBlockMatrix {
    /** Bytes per block. */
    public static final int BLOCK_BYTES = 34;

    /**
     * Wraps {@code rows * cols / 32} blocks at {@code data[offset ..]} without copying.
     *
     * @throws IllegalArgumentException if {@code cols} is not a multiple of 32 or the array is too short
     */
    public Q8_0Matrix(int rows, int cols, byte[] data, int offset) {
        super(DType.Q8_0, BLOCK_BYTES, rows, cols, data, offset);
    }

    @Override
    void permute(float[] x, int xOffset, float[] dst, int dstOffset) {
        int il = Lanes.Q_IL;
        for (int blk = 0; blk < cols(); blk += BLOCK) {
            for (int k = 0; k < 4; k++) {
                for (int j = 0; j < il; j++) {
                    dst[dstOffset + blk + k * il + j] = x[xOffset + blk + 4 * j + k];
                }
            }
        }
    }

    @Override
    float dotPermuted(int row, float[] x, int xOffset) {
        int blocks = cols() / BLOCK;
        int base = offset + row * rowBytes;
        byte[] q8 = data;
        float[] half = HalfFloats.TABLE;
        // Two blocks per step with their own sums and accumulators: short dependency chains. Everything in this
        // loop must inline (see Lanes), hence no helper methods.
        FloatVector acc0 = FloatVector.zero(Lanes.Q_F);
        FloatVector acc1 = FloatVector.zero(Lanes.Q_F);
        int b = 0;
        for (; b + 1 < blocks; b += 2) {
            int at = base + b * BLOCK_BYTES;
            int xi = xOffset + b * BLOCK;
            IntVector q = ByteVector.fromArray(Lanes.Q_B, q8, at + 2).reinterpretAsInts();
            IntVector r = ByteVector.fromArray(Lanes.Q_B, q8, at + BLOCK_BYTES + 2).reinterpretAsInts();
            FloatVector s = ((FloatVector) q.lanewise(VectorOperators.LSHL, 24).lanewise(VectorOperators.ASHR, 24)
                    .convertShape(VectorOperators.I2F, Lanes.Q_F, 0))
                    .mul(FloatVector.fromArray(Lanes.Q_F, x, xi));
            FloatVector t = ((FloatVector) r.lanewise(VectorOperators.LSHL, 24).lanewise(VectorOperators.ASHR, 24)
                    .convertShape(VectorOperators.I2F, Lanes.Q_F, 0))
                    .mul(FloatVector.fromArray(Lanes.Q_F, x, xi + 32));
            s = ((FloatVector) q.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 24)
                    .convertShape(VectorOperators.I2F, Lanes.Q_F, 0))
                    .fma(FloatVector.fromArray(Lanes.Q_F, x, xi + 8), s);
            t = ((FloatVector) r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 24)
                    .convertShape(VectorOperators.I2F, Lanes.Q_F, 0))
                    .fma(FloatVector.fromArray(Lanes.Q_F, x, xi + 40), t);
            s = ((FloatVector) q.lanewise(VectorOperators.LSHL, 8).lanewise(VectorOperators.ASHR, 24)
                    .convertShape(VectorOperators.I2F, Lanes.Q_F, 0))
                    .fma(FloatVector.fromArray(Lanes.Q_F, x, xi + 16), s);
            t = ((FloatVector) r.lanewise(VectorOperators.LSHL, 8).lanewise(VectorOperators.ASHR, 24)
                    .convertShape(VectorOperators.I2F, Lanes.Q_F, 0))
                    .fma(FloatVector.fromArray(Lanes.Q_F, x, xi + 48), t);
            s = ((FloatVector) q.lanewise(VectorOperators.ASHR, 24)
                    .convertShape(VectorOperators.I2F, Lanes.Q_F, 0))
                    .fma(FloatVector.fromArray(Lanes.Q_F, x, xi + 24), s);
            t = ((FloatVector) r.lanewise(VectorOperators.ASHR, 24)
                    .convertShape(VectorOperators.I2F, Lanes.Q_F, 0))
                    .fma(FloatVector.fromArray(Lanes.Q_F, x, xi + 56), t);
            float d0 = half[(q8[at] & 0xff) | ((q8[at + 1] & 0xff) << 8)];
            float d1 = half[(q8[at + BLOCK_BYTES] & 0xff) | ((q8[at + BLOCK_BYTES + 1] & 0xff) << 8)];
            acc0 = s.fma(FloatVector.broadcast(Lanes.Q_F, d0), acc0);
            acc1 = t.fma(FloatVector.broadcast(Lanes.Q_F, d1), acc1);
        }
        float total = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        return b < blocks ? total + lastBlockDot(base + b * BLOCK_BYTES, x, xOffset + b * BLOCK) : total;
    }

    /** Dot product of an odd last block (kernel order) with its inputs. */
    private float lastBlockDot(int at, float[] x, int xi) {
        IntVector q = ByteVector.fromArray(Lanes.Q_B, data, at + 2).reinterpretAsInts();
        FloatVector s = FloatVector.zero(Lanes.Q_F);
        for (int k = 0; k < 4; k++) {
            s = bytesAt(q, k).fma(FloatVector.fromArray(Lanes.Q_F, x, xi + k * Lanes.Q_IL), s);
        }
        return s.reduceLanes(VectorOperators.ADD) * HalfFloats.toFloat(data, at);
    }

    /** Signed byte {@code k} (0..3) of every int lane, as exact floats. */
    private static FloatVector bytesAt(IntVector q, int k) {
        return ((FloatVector) q.lanewise(VectorOperators.LSHL, 24 - 8 * k).lanewise(VectorOperators.ASHR, 24)
                .convertShape(VectorOperators.I2F, Lanes.Q_F, 0));
    }

    @Override
    void decodePermuted(int row, float[] dst, int dstOffset) {
        int blocks = cols() / BLOCK;
        int base = offset + row * rowBytes;
        for (int b = 0; b < blocks; b++) {
            int at = base + b * BLOCK_BYTES;
            int out = dstOffset + b * BLOCK;
            float d = HalfFloats.toFloat(data, at);
            IntVector q = ByteVector.fromArray(Lanes.Q_B, data, at + 2).reinterpretAsInts();
            for (int k = 0; k < 4; k++) {
                bytesAt(q, k).mul(d).intoArray(dst, out + k * Lanes.Q_IL);
            }
        }
    }

    @Override
    void decodeRow(int row, float[] dst, int dstOffset) {
        int blocks = cols() / BLOCK;
        int base = offset + row * rowBytes;
        for (int b = 0; b < blocks; b++) {
            int at = base + b * BLOCK_BYTES;
            float d = HalfFloats.toFloat(data, at);
            for (int j = 0; j < BLOCK; j++) {
                dst[dstOffset + b * BLOCK + j] = data[at + 2 + j] * d;
            }
        }
    }
}
