package dev.bindery.tensor.kernel;

import dev.bindery.tensor.DType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Q4_0 weights repacked at load time so that one vector holds the same column of {@value RowGroups#ROWS} rows:
 * the same bytes as a GGML Q4_0 matrix (18 per 32 values), in another order. For each group of 16 rows and each
 * block of 32 columns there are 288 bytes: the 16 rows' f16 scales (32 bytes), then for each byte position
 * {@code j = 0..15} of the block the 16 rows' bytes, each XOR {@code 0x80}. Byte {@code j} holds value {@code j}
 * as its low nibble {@code l} and value {@code 16 + j} as its high nibble {@code h}; with the XOR, the byte read as
 * signed is {@code B = 16 (h - 8) + l}.
 *
 * <p>The kernel converts {@code B} and {@code l} (one mask) and no other nibble: with {@code a} the inputs of the
 * low nibbles and {@code c} those of the high ones, a block's sum {@code (h - 8) c + (l - 8) a} equals
 * {@code B (c / 16) + l (a - c / 16) - 8 a}, so the inputs are prepared once per call as {@code a - c / 16},
 * {@code c / 16} and, per block, {@code -8 sum(a)} ({@link #prepare}). Two conversions and one integer operation
 * per two values, where extracting both signed nibbles took three shifts.
 *
 * <p>Why: see {@link GroupedQ8_0Matrix}; for Q4_0 the row-major kernel was compute-bound at about half the speed a
 * Q4_0 file allows. Matrices with a multiple of 32 rows (every LLaMA weight) use the faster
 * {@link Int16Q4_0Matrix}; this layout serves those with a multiple of 16 rows but not of 32.
 */
public final class GroupedQ4_0Matrix extends GroupedBlockMatrix {
    /** Bytes per block and row, as in the file. */
    public static final int BLOCK_BYTES = 18;
    private static final int GROUP_BLOCK_BYTES = ROWS * BLOCK_BYTES;
    /** Prepared inputs per block: 16 for the low nibbles, 16 for the whole bytes, the block's constant. */
    private static final int PREPARED_BLOCK = BLOCK + 1;

    private GroupedQ4_0Matrix(int rows, int cols, byte[] data, int offset) {
        super(DType.Q4_0, BLOCK_BYTES, rows, cols, data, offset);
    }

    /**
     * Repacks Q4_0 rows read from {@code source} ({@code rows} a multiple of 16, {@code cols} of 32) into a new array
     * of the same size; only one group of rows in file order exists besides it.
     *
     * @throws IllegalArgumentException if the shape does not fit the layout or a scale is infinite or NaN
     */
    static GroupedQ4_0Matrix repack(int rows, int cols, RowGroups.Source source) {
        return repack(rows, cols, source, allocate(DType.Q4_0, rows, cols, BLOCK_BYTES), 0);
    }

    /** Repacks into {@code out[outOffset ..]} (see {@link RowGroups#repack}). */
    static GroupedQ4_0Matrix repack(int rows, int cols, RowGroups.Source source, byte[] out, int outOffset) {
        RowGroups.repack("Q4_0", rows, cols, BLOCK, BLOCK_BYTES, 0x80, source, out, outOffset);
        return new GroupedQ4_0Matrix(rows, cols, out, outOffset);
    }

    @Override
    public int preparedLength(int cols) {
        return cols / BLOCK * PREPARED_BLOCK;
    }

    @Override
    public void prepare(float[] x, int xOffset, float[] dst, int dstOffset) {
        for (int b = 0; b < blocks; b++) {
            int in = xOffset + b * BLOCK;
            int out = dstOffset + b * PREPARED_BLOCK;
            float low = 0;
            for (int j = 0; j < BLOCK / 2; j++) {
                float a = x[in + j];
                float c = x[in + 16 + j] * 0.0625f; // exact: a power of two
                dst[out + j] = a - c;
                dst[out + 16 + j] = c;
                low += a;
            }
            dst[out + BLOCK] = -8 * low;
        }
    }

    @Override
    public void dotGroup(int group, float[] x, int xOffset, float[] out, int outOffset) {
        byte[] q4 = data;
        int base = offset + group * ROWS * blocks * BLOCK_BYTES;
        // Everything in these loops must inline (see Lanes): no helper calls.
        for (int h = 0; h < ROWS; h += Lanes.G_L) {
            FloatVector acc = FloatVector.zero(Lanes.G_F);
            for (int b = 0; b < blocks; b++) {
                int at = base + b * GROUP_BLOCK_BYTES;
                int xi = xOffset + b * PREPARED_BLOCK;
                // f16 scales, finite (checked when repacked): bits moved into float position are d * 2^-112
                IntVector s = (IntVector) ByteVector.fromArray(Lanes.G_B2, q4, at + 2 * h).reinterpretAsShorts()
                        .convertShape(VectorOperators.S2I, Lanes.G_I, 0);
                FloatVector d = ((FloatVector) s.lanewise(VectorOperators.LSHL, 13).and(0x8fffe000)
                        .reinterpretAsFloats()).mul(0x1p112f);
                FloatVector s0 = FloatVector.zero(Lanes.G_F);
                FloatVector s1 = FloatVector.zero(Lanes.G_F);
                FloatVector s2 = FloatVector.zero(Lanes.G_F);
                FloatVector s3 = FloatVector.zero(Lanes.G_F);
                int q = at + 2 * ROWS + h;
                for (int j = 0; j < BLOCK / 2; j += 2) {
                    IntVector v = (IntVector) ByteVector.fromArray(Lanes.G_B, q4, q + j * ROWS)
                            .convertShape(VectorOperators.B2I, Lanes.G_I, 0);
                    IntVector w = (IntVector) ByteVector.fromArray(Lanes.G_B, q4, q + (j + 1) * ROWS)
                            .convertShape(VectorOperators.B2I, Lanes.G_I, 0);
                    s0 = ((FloatVector) v.and(0x0f).convertShape(VectorOperators.I2F, Lanes.G_F, 0))
                            .fma(FloatVector.broadcast(Lanes.G_F, x[xi + j]), s0);
                    s1 = ((FloatVector) v.convertShape(VectorOperators.I2F, Lanes.G_F, 0))
                            .fma(FloatVector.broadcast(Lanes.G_F, x[xi + 16 + j]), s1);
                    s2 = ((FloatVector) w.and(0x0f).convertShape(VectorOperators.I2F, Lanes.G_F, 0))
                            .fma(FloatVector.broadcast(Lanes.G_F, x[xi + j + 1]), s2);
                    s3 = ((FloatVector) w.convertShape(VectorOperators.I2F, Lanes.G_F, 0))
                            .fma(FloatVector.broadcast(Lanes.G_F, x[xi + 17 + j]), s3);
                }
                s0 = s0.add(FloatVector.broadcast(Lanes.G_F, x[xi + BLOCK]));
                acc = s0.add(s1).add(s2.add(s3)).fma(d, acc);
            }
            acc.intoArray(out, outOffset + h);
        }
    }

    @Override
    public void dotGroup4(int group, float[] x, int x0, int x1, int x2, int x3, float[] tile) {
        byte[] q4 = data;
        int base = offset + group * ROWS * blocks * BLOCK_BYTES;
        for (int h = 0; h < ROWS; h += Lanes.G_L) {
            FloatVector a0 = FloatVector.zero(Lanes.G_F);
            FloatVector a1 = FloatVector.zero(Lanes.G_F);
            FloatVector a2 = FloatVector.zero(Lanes.G_F);
            FloatVector a3 = FloatVector.zero(Lanes.G_F);
            for (int b = 0; b < blocks; b++) {
                int at = base + b * GROUP_BLOCK_BYTES;
                int xb = b * PREPARED_BLOCK;
                IntVector s = (IntVector) ByteVector.fromArray(Lanes.G_B2, q4, at + 2 * h).reinterpretAsShorts()
                        .convertShape(VectorOperators.S2I, Lanes.G_I, 0);
                FloatVector d = ((FloatVector) s.lanewise(VectorOperators.LSHL, 13).and(0x8fffe000)
                        .reinterpretAsFloats()).mul(0x1p112f);
                FloatVector s0 = FloatVector.zero(Lanes.G_F);
                FloatVector s1 = FloatVector.zero(Lanes.G_F);
                FloatVector s2 = FloatVector.zero(Lanes.G_F);
                FloatVector s3 = FloatVector.zero(Lanes.G_F);
                int q = at + 2 * ROWS + h;
                for (int j = 0; j < BLOCK / 2; j++) {
                    IntVector v = (IntVector) ByteVector.fromArray(Lanes.G_B, q4, q + j * ROWS)
                            .convertShape(VectorOperators.B2I, Lanes.G_I, 0);
                    FloatVector lo = (FloatVector) v.and(0x0f).convertShape(VectorOperators.I2F, Lanes.G_F, 0);
                    FloatVector whole = (FloatVector) v.convertShape(VectorOperators.I2F, Lanes.G_F, 0);
                    int c = xb + j;
                    s0 = whole.fma(FloatVector.broadcast(Lanes.G_F, x[x0 + c + 16]),
                            lo.fma(FloatVector.broadcast(Lanes.G_F, x[x0 + c]), s0));
                    s1 = whole.fma(FloatVector.broadcast(Lanes.G_F, x[x1 + c + 16]),
                            lo.fma(FloatVector.broadcast(Lanes.G_F, x[x1 + c]), s1));
                    s2 = whole.fma(FloatVector.broadcast(Lanes.G_F, x[x2 + c + 16]),
                            lo.fma(FloatVector.broadcast(Lanes.G_F, x[x2 + c]), s2));
                    s3 = whole.fma(FloatVector.broadcast(Lanes.G_F, x[x3 + c + 16]),
                            lo.fma(FloatVector.broadcast(Lanes.G_F, x[x3 + c]), s3));
                }
                s0 = s0.add(FloatVector.broadcast(Lanes.G_F, x[x0 + xb + BLOCK]));
                s1 = s1.add(FloatVector.broadcast(Lanes.G_F, x[x1 + xb + BLOCK]));
                s2 = s2.add(FloatVector.broadcast(Lanes.G_F, x[x2 + xb + BLOCK]));
                s3 = s3.add(FloatVector.broadcast(Lanes.G_F, x[x3 + xb + BLOCK]));
                a0 = s0.fma(d, a0);
                a1 = s1.fma(d, a1);
                a2 = s2.fma(d, a2);
                a3 = s3.fma(d, a3);
            }
            a0.intoArray(tile, h);
            a1.intoArray(tile, ROWS + h);
            a2.intoArray(tile, 2 * ROWS + h);
            a3.intoArray(tile, 3 * ROWS + h);
        }
    }

    @Override
    float dotPermuted(int row, float[] x, int xOffset) {
        float total = 0;
        for (int b = 0; b < blocks; b++) {
            int at = blockStart(row, b);
            int xi = xOffset + b * BLOCK;
            float sum = 0;
            for (int j = 0; j < BLOCK / 2; j++) {
                int q = (data[at + j * ROWS] ^ 0x80) & 0xff;
                sum += ((q & 0x0f) - 8) * x[xi + j] + ((q >>> 4) - 8) * x[xi + 16 + j];
            }
            total += sum * scale(row, b);
        }
        return total;
    }

    @Override
    void decodeRow(int row, float[] dst, int dstOffset) {
        for (int b = 0; b < blocks; b++) {
            int at = blockStart(row, b);
            float d = scale(row, b);
            int out = dstOffset + b * BLOCK;
            for (int j = 0; j < BLOCK / 2; j++) {
                int q = (data[at + j * ROWS] ^ 0x80) & 0xff;
                dst[out + j] = ((q & 0x0f) - 8) * d;
                dst[out + 16 + j] = ((q >>> 4) - 8) * d;
            }
        }
    }
}
