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
 * <p>Kernel: two consecutive blocks fill one 8-int vector (lanes 0-3: the 16 nibble bytes of the first block, lanes
 * 4-7: those of the second; two overlapping 32-byte loads blended). XOR {@code 0x88} per byte turns each nibble
 * {@code n} into the 4-bit two's complement of {@code n - 8}; a left shift that puts nibble {@code s} at the top of
 * the lane and an arithmetic right shift by 28 yield {@code n - 8} exactly, converted to float in the same shape.
 * Inside a pair of blocks, group {@code g = 4h + j} ({@code h}: low/high nibble, {@code j}: byte of the lane) holds
 * values {@code 4l + j + 16h} of the first block in lanes {@code l = 0..3} and of the second block in lanes
 * {@code 4..7}; inputs are permuted to match once per call. An odd last block keeps its natural order and is
 * handled by scalar code.
 */
public final class Q4_0Matrix extends RowBlockMatrix {
    /** Bytes per block. */
    public static final int BLOCK_BYTES = 18;

    /**
     * Wraps {@code rows * cols / 32} blocks at {@code data[offset ..]} without copying.
     *
     * @throws IllegalArgumentException if {@code cols} is not a multiple of 32 or the array is too short
     */
    public Q4_0Matrix(int rows, int cols, byte[] data, int offset) {
        super(DType.Q4_0, BLOCK_BYTES, rows, cols, data, offset);
    }

    @Override
    void permute(float[] x, int xOffset, float[] dst, int dstOffset) {
        int blocks = cols() / BLOCK;
        int b = 0;
        for (; b + 1 < blocks; b += 2) {
            int o = b * BLOCK;
            for (int h = 0; h < 2; h++) {
                for (int j = 0; j < 4; j++) {
                    int g = dstOffset + o + (4 * h + j) * 8;
                    for (int l = 0; l < 4; l++) {
                        dst[g + l] = x[xOffset + o + 4 * l + j + 16 * h];
                        dst[g + 4 + l] = x[xOffset + o + BLOCK + 4 * l + j + 16 * h];
                    }
                }
            }
        }
        if (b < blocks) {
            System.arraycopy(x, xOffset + b * BLOCK, dst, dstOffset + b * BLOCK, BLOCK);
        }
    }

    /** The nibbles of two blocks at {@code at}, {@code at + 18}, one int lane per 4 bytes, each nibble XOR 8. */
    private static IntVector pair(byte[] data, int at, IntVector high) {
        IntVector first = ByteVector.fromArray(Lanes.Q_B, data, at + 2).reinterpretAsInts();
        IntVector second = ByteVector.fromArray(Lanes.Q_B, data, at + 4).reinterpretAsInts();
        // lanes 0-3 from the first load, 4-7 (bytes 20..35 = the second block's nibbles) from the second
        return first.lanewise(VectorOperators.XOR, first.lanewise(VectorOperators.XOR, second).and(high))
                .lanewise(VectorOperators.XOR, 0x88888888);
    }

    @Override
    float dotPermuted(int row, float[] x, int xOffset) {
        int blocks = cols() / BLOCK;
        int base = offset + row * rowBytes;
        byte[] q4 = data;
        float[] half = HalfFloats.TABLE;
        IntVector high = IntVector.fromArray(Lanes.Q_I, Lanes.HIGH_HALF, 0);
        // acc0 collects first-block lanes (0-3) scaled by their d, acc1 second-block lanes (4-7); the other half of
        // each is discarded at the end. Everything in this loop must inline (see Lanes).
        FloatVector acc0 = FloatVector.zero(Lanes.Q_F);
        FloatVector acc1 = FloatVector.zero(Lanes.Q_F);
        int b = 0;
        for (; b + 1 < blocks; b += 2) {
            int at = base + b * BLOCK_BYTES;
            int xi = xOffset + b * BLOCK;
            IntVector first = ByteVector.fromArray(Lanes.Q_B, q4, at + 2).reinterpretAsInts();
            IntVector second = ByteVector.fromArray(Lanes.Q_B, q4, at + 4).reinterpretAsInts();
            IntVector q = first.lanewise(VectorOperators.XOR, first.lanewise(VectorOperators.XOR, second).and(high))
                    .lanewise(VectorOperators.XOR, 0x88888888);
            // two partial sums so the eight multiply-adds form two short dependency chains
            FloatVector lo = ((FloatVector) q.lanewise(VectorOperators.LSHL, 28).lanewise(VectorOperators.ASHR, 28)
                    .convertShape(VectorOperators.I2F, Lanes.Q_F, 0))
                    .mul(FloatVector.fromArray(Lanes.Q_F, x, xi));
            lo = ((FloatVector) q.lanewise(VectorOperators.LSHL, 20).lanewise(VectorOperators.ASHR, 28)
                    .convertShape(VectorOperators.I2F, Lanes.Q_F, 0))
                    .fma(FloatVector.fromArray(Lanes.Q_F, x, xi + 8), lo);
            lo = ((FloatVector) q.lanewise(VectorOperators.LSHL, 12).lanewise(VectorOperators.ASHR, 28)
                    .convertShape(VectorOperators.I2F, Lanes.Q_F, 0))
                    .fma(FloatVector.fromArray(Lanes.Q_F, x, xi + 16), lo);
            lo = ((FloatVector) q.lanewise(VectorOperators.LSHL, 4).lanewise(VectorOperators.ASHR, 28)
                    .convertShape(VectorOperators.I2F, Lanes.Q_F, 0))
                    .fma(FloatVector.fromArray(Lanes.Q_F, x, xi + 24), lo);
            FloatVector hi = ((FloatVector) q.lanewise(VectorOperators.LSHL, 24).lanewise(VectorOperators.ASHR, 28)
                    .convertShape(VectorOperators.I2F, Lanes.Q_F, 0))
                    .mul(FloatVector.fromArray(Lanes.Q_F, x, xi + 32));
            hi = ((FloatVector) q.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 28)
                    .convertShape(VectorOperators.I2F, Lanes.Q_F, 0))
                    .fma(FloatVector.fromArray(Lanes.Q_F, x, xi + 40), hi);
            hi = ((FloatVector) q.lanewise(VectorOperators.LSHL, 8).lanewise(VectorOperators.ASHR, 28)
                    .convertShape(VectorOperators.I2F, Lanes.Q_F, 0))
                    .fma(FloatVector.fromArray(Lanes.Q_F, x, xi + 48), hi);
            hi = ((FloatVector) q.lanewise(VectorOperators.ASHR, 28).convertShape(VectorOperators.I2F, Lanes.Q_F, 0))
                    
                    .fma(FloatVector.fromArray(Lanes.Q_F, x, xi + 56), hi);
            FloatVector sum = lo.add(hi);
            float d0 = half[(q4[at] & 0xff) | ((q4[at + 1] & 0xff) << 8)];
            float d1 = half[(q4[at + BLOCK_BYTES] & 0xff) | ((q4[at + BLOCK_BYTES + 1] & 0xff) << 8)];
            acc0 = sum.fma(FloatVector.broadcast(Lanes.Q_F, d0), acc0);
            acc1 = sum.fma(FloatVector.broadcast(Lanes.Q_F, d1), acc1);
        }
        float total = acc0.fma(FloatVector.fromArray(Lanes.Q_F, Lanes.LOW_ONES, 0),
                acc1.mul(FloatVector.fromArray(Lanes.Q_F, Lanes.HIGH_ONES, 0))).reduceLanes(VectorOperators.ADD);
        return b < blocks ? total + lastBlockDot(base + b * BLOCK_BYTES, x, xOffset + b * BLOCK) : total;
    }

    /**
     * {@code n - 8} of the nibble that a left shift by {@code shift} puts at the top of each lane (lanes already XOR
     * 8), as exact floats (spelled out by hand in the dot loop, which must not contain calls).
     */
    private static FloatVector nibbles(IntVector q, int shift) {
        return ((FloatVector) q.lanewise(VectorOperators.LSHL, shift).lanewise(VectorOperators.ASHR, 28)
                .convertShape(VectorOperators.I2F, Lanes.Q_F, 0));
    }

    /** Dot product of an odd last block (natural order) with its inputs. */
    private float lastBlockDot(int at, float[] x, int xi) {
        float d = HalfFloats.toFloat(data, at);
        float sum = 0;
        for (int j = 0; j < 16; j++) {
            int q = data[at + 2 + j] & 0xff;
            sum += ((q & 0x0f) - 8) * x[xi + j] + ((q >>> 4) - 8) * x[xi + 16 + j];
        }
        return sum * d;
    }

    @Override
    void decodePermuted(int row, float[] dst, int dstOffset) {
        int blocks = cols() / BLOCK;
        int base = offset + row * rowBytes;
        IntVector high = IntVector.fromArray(Lanes.Q_I, Lanes.HIGH_HALF, 0);
        FloatVector low = FloatVector.fromArray(Lanes.Q_F, Lanes.LOW_ONES, 0);
        FloatVector highOnes = FloatVector.fromArray(Lanes.Q_F, Lanes.HIGH_ONES, 0);
        int b = 0;
        for (; b + 1 < blocks; b += 2) {
            int at = base + b * BLOCK_BYTES;
            int out = dstOffset + b * BLOCK;
            IntVector q = pair(data, at, high);
            // lanes 0-3 scaled by the first block's d, 4-7 by the second's (weights are finite, so 0 * d is 0)
            FloatVector d = low.mul(HalfFloats.toFloat(data, at))
                    .add(highOnes.mul(HalfFloats.toFloat(data, at + BLOCK_BYTES)));
            for (int g = 0; g < 8; g++) {
                // group g = 4h + j holds the nibble at bit 8j + 4h
                int shift = 28 - (8 * (g & 3) + 4 * (g >> 2));
                nibbles(q, shift).mul(d).intoArray(dst, out + 8 * g);
            }
        }
        if (b < blocks) {
            decodeBlock(base + b * BLOCK_BYTES, dst, dstOffset + b * BLOCK);
        }
    }

    @Override
    void decodeRow(int row, float[] dst, int dstOffset) {
        int blocks = cols() / BLOCK;
        int base = offset + row * rowBytes;
        for (int b = 0; b < blocks; b++) {
            decodeBlock(base + b * BLOCK_BYTES, dst, dstOffset + b * BLOCK);
        }
    }

    /** One block in natural order, exactly as ggml's {@code dequantize_row_q4_0}. */
    private void decodeBlock(int at, float[] dst, int out) {
        float d = HalfFloats.toFloat(data, at);
        for (int j = 0; j < 16; j++) {
            int q = data[at + 2 + j] & 0xff;
            dst[out + j] = ((q & 0x0f) - 8) * d;
            dst[out + 16 + j] = ((q >>> 4) - 8) * d;
        }
    }
}
