package dev.bindery.tensor.kernel;

import dev.bindery.tensor.DType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * A GGML Q4_0 matrix: each row is {@code cols / 32} blocks of 18 bytes, an f16 scale {@code d} followed by 16
 * bytes whose low nibbles are values 0..15 of the block and high nibbles values 16..31;
 * value = {@code (nibble - 8) * d}. Backed by the file's bytes as they are.
 *
 * <p>Kernel: the 16 nibble bytes are one 128-bit load of 4 ints; nibble {@code k} of byte {@code k'} of every
 * lane is extracted by a shift and a mask and made a float by the magic-number trick, so each half of the
 * block comes out in the order {@code k, 4+k, 8+k, 12+k} for {@code k = 0..3}; inputs are permuted to match.
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
    boolean permutesInput() {
        return true;
    }

    @Override
    void permute(float[] x, int xOffset, float[] dst, int dstOffset) {
        for (int half = 0; half < cols(); half += 16) {
            for (int k = 0; k < 4; k++) {
                for (int j = 0; j < 4; j++) {
                    dst[dstOffset + half + 4 * k + j] = x[xOffset + half + 4 * j + k];
                }
            }
        }
    }

    /** Nibble at bit {@code shift} of every int lane, minus 8, as exact floats. */
    private static FloatVector nibblesAt(IntVector q, int shift) {
        return q.lanewise(VectorOperators.LSHR, shift).and(0x0f)
                .add(Lanes.MAGIC_BITS).reinterpretAsFloats().sub(Lanes.MAGIC + 8f);
    }

    @Override
    float dotPermuted(int row, float[] x, int xOffset) {
        int blocks = cols() / BLOCK;
        int base = offset + row * rowBytes;
        FloatVector acc0 = FloatVector.zero(Lanes.Q4_F);
        FloatVector acc1 = FloatVector.zero(Lanes.Q4_F);
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
        IntVector q = ByteVector.fromArray(Lanes.Q4_B, data, at + 2).reinterpretAsInts();
        FloatVector lo = FloatVector.zero(Lanes.Q4_F);
        FloatVector hi = FloatVector.zero(Lanes.Q4_F);
        for (int k = 0; k < 4; k++) {
            lo = nibblesAt(q, 8 * k).fma(FloatVector.fromArray(Lanes.Q4_F, x, xi + 4 * k), lo);
            hi = nibblesAt(q, 8 * k + 4).fma(FloatVector.fromArray(Lanes.Q4_F, x, xi + 16 + 4 * k), hi);
        }
        return lo.add(hi).fma(FloatVector.broadcast(Lanes.Q4_F, HalfFloats.toFloat(data, at)), acc);
    }

    @Override
    void decodePermuted(int row, float[] dst, int dstOffset) {
        int blocks = cols() / BLOCK;
        int base = offset + row * rowBytes;
        for (int b = 0; b < blocks; b++) {
            int at = base + b * BLOCK_BYTES;
            int out = dstOffset + b * BLOCK;
            float d = HalfFloats.toFloat(data, at);
            IntVector q = ByteVector.fromArray(Lanes.Q4_B, data, at + 2).reinterpretAsInts();
            for (int k = 0; k < 4; k++) {
                nibblesAt(q, 8 * k).mul(d).intoArray(dst, out + 4 * k);
                nibblesAt(q, 8 * k + 4).mul(d).intoArray(dst, out + 16 + 4 * k);
            }
        }
    }

    @Override
    void decodeRow(int row, float[] dst, int dstOffset) {
        int blocks = cols() / BLOCK;
        int base = offset + row * rowBytes;
        for (int b = 0; b < blocks; b++) {
            int at = base + b * BLOCK_BYTES;
            int out = dstOffset + b * BLOCK;
            float d = HalfFloats.toFloat(data, at);
            for (int j = 0; j < 16; j++) {
                int q = data[at + 2 + j] & 0xff;
                dst[out + j] = ((q & 0x0f) - 8) * d;
                dst[out + 16 + j] = ((q >>> 4) - 8) * d;
            }
        }
    }
}
