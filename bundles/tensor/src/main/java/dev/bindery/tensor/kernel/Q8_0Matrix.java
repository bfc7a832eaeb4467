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
 * <p>Kernel: the 32 bytes of a block are loaded as ints (one 256-bit load, or two 128-bit ones); byte {@code k}
 * of every int lane is sign-extended by two shifts and made a float by the magic-number trick, so the block's
 * values come out in the order {@code k, 4+k, 8+k, ...} for {@code k = 0..3} (per load); inputs are permuted to
 * match once per call. Products are summed per block, then scaled once by {@code d}.
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
    boolean permutesInput() {
        return true;
    }

    @Override
    void permute(float[] x, int xOffset, float[] dst, int dstOffset) {
        int il = Lanes.Q8_IL;
        for (int seg = 0; seg < cols(); seg += Lanes.Q8_LOAD) {
            for (int k = 0; k < 4; k++) {
                for (int j = 0; j < il; j++) {
                    dst[dstOffset + seg + k * il + j] = x[xOffset + seg + 4 * j + k];
                }
            }
        }
    }

    /** Signed byte {@code k} (0..3) of every int lane, as exact floats. */
    private static FloatVector bytesAt(IntVector q, int k) {
        return q.lanewise(VectorOperators.LSHL, 24 - 8 * k).lanewise(VectorOperators.ASHR, 24)
                .add(Lanes.MAGIC_BITS).reinterpretAsFloats().sub(Lanes.MAGIC);
    }

    @Override
    float dotPermuted(int row, float[] x, int xOffset) {
        int blocks = cols() / BLOCK;
        int base = offset + row * rowBytes;
        // Two accumulators so that consecutive blocks do not wait on each other's final fma.
        FloatVector acc0 = FloatVector.zero(Lanes.Q8_F);
        FloatVector acc1 = FloatVector.zero(Lanes.Q8_F);
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

    /** acc + d * (q . x) for one block. */
    private FloatVector block(int at, float[] x, int xi, FloatVector acc) {
        FloatVector sum = FloatVector.zero(Lanes.Q8_F);
        for (int seg = 0; seg < BLOCK; seg += Lanes.Q8_LOAD) {
            IntVector q = ByteVector.fromArray(Lanes.Q8_B, data, at + 2 + seg).reinterpretAsInts();
            for (int k = 0; k < 4; k++) {
                sum = bytesAt(q, k).fma(FloatVector.fromArray(Lanes.Q8_F, x, xi + seg + k * Lanes.Q8_IL), sum);
            }
        }
        return sum.fma(FloatVector.broadcast(Lanes.Q8_F, HalfFloats.toFloat(data, at)), acc);
    }

    @Override
    void decodePermuted(int row, float[] dst, int dstOffset) {
        int blocks = cols() / BLOCK;
        int base = offset + row * rowBytes;
        for (int b = 0; b < blocks; b++) {
            int at = base + b * BLOCK_BYTES;
            int out = dstOffset + b * BLOCK;
            float d = HalfFloats.toFloat(data, at);
            for (int seg = 0; seg < BLOCK; seg += Lanes.Q8_LOAD) {
                IntVector q = ByteVector.fromArray(Lanes.Q8_B, data, at + 2 + seg).reinterpretAsInts();
                for (int k = 0; k < 4; k++) {
                    bytesAt(q, k).mul(d).intoArray(dst, out + seg + k * Lanes.Q8_IL);
                }
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
