package dev.bindery.tensor.kernel;

import dev.bindery.tensor.DType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Q4_0 weights repacked at load time into groups of {@value #ROWS} rows whose block sums are computed in 16-bit
 * integers against an input quantised to 8 bits per block ({@link Q8Inputs}), as llama.cpp computes Q4_0 products.
 * The same bytes as a GGML Q4_0 matrix (18 per 32 values), in another order: for each group of 16 rows and each
 * block of 32 columns there are 288 bytes, the 16 rows' f16 scales (32 bytes), then for each 32-bit word
 * {@code w = 0..3} of the block's 16 value bytes the 16 rows' words (bytes {@code 4w .. 4w + 3} of the row's block,
 * little-endian). One int lane holds one row's word.
 *
 * <p>A word holds eight nibbles {@code n0 + 16 n1 + .. + 16^7 n7} (byte {@code j}'s low nibble is value {@code j},
 * its high nibble value {@code 16 + j}). The kernel shifts it right by 0, 4, 8 and 12 bits as an int (one
 * instruction with an immediate count; JDK 17 shifts 16-bit lanes by a register, which costs twice as much) and
 * multiplies both 16-bit halves by per-half coefficients. Each half then holds its nibble plus multiples of 16 of
 * the nibbles above it, including, in the low half, nibbles of the high half; the coefficients
 * ({@link Q8Inputs}) are chosen so that all of those cancel modulo 2^16 when the two halves are added. A block's sum
 * {@code sum((n - 8) x)} is at most {@code 32 * 8 * 127 = 32512} in size, so after adding {@code -8 sum(x)} the
 * wrapped 16-bit result is exact. Per block and row the kernel then converts one integer to float and adds it,
 * times the row's and the input's scales. No masks, no widening in the inner loop.
 *
 * <p>{@link MatMul} calls {@link #dotGroup} once per group and input, mat-vecs and batched products alike, so both
 * give the same results; in a batch a group's weights stay in cache while each input goes over them.
 *
 * <p>Why: the float Q4_0 kernel this replaces converted every value to float and, reading one stream, reached half
 * the memory bandwidth. Mat-vec 11008 x 4096 from memory, alternated in one process on a 2-core Intel Xeon VM:
 * 32-row groups of 16-bit words in four-group passes were 1.8x the float kernel on one thread and 2.5x on two;
 * these 16-row groups of 32-bit words, shifted as ints, another 1.10x. A four-group kernel is gone again: JDK 17's
 * C2 compiled it with boxed vectors in about a third of fresh JVMs (see {@code MatMul}). The input's 8-bit rounding
 * adds an error below the weights' own 4-bit one; {@link #dot} keeps the float input.
 */
public final class Int16Q4_0Matrix extends Matrix {
    /** Rows per group: one 512-bit vector of ints, or two 256-bit ones. */
    public static final int ROWS = 16;
    /** Values per block. */
    public static final int BLOCK = 32;
    /** Bytes per block and row, as in the file. */
    public static final int BLOCK_BYTES = 18;
    private static final int GROUP_BLOCK_BYTES = ROWS * BLOCK_BYTES;
    private static final int SCALE_BYTES = 2 * ROWS;
    private static final int WORD_BYTES = 4 * ROWS;

    private final byte[] data;
    private final int blocks;

    private Int16Q4_0Matrix(int rows, int cols, byte[] data) {
        super(rows, cols);
        this.data = data;
        this.blocks = cols / BLOCK;
    }

    /**
     * Repacks Q4_0 rows read from {@code source} ({@code rows} a multiple of 16, {@code cols} of 32) into a new
     * array of the same size; only one group of rows in file order exists besides it.
     *
     * @throws IllegalArgumentException if the shape does not fit the layout or a scale is infinite or NaN
     */
    static Int16Q4_0Matrix repack(int rows, int cols, RowGroups.Source source) {
        byte[] out = GroupedBlockMatrix.allocate(DType.Q4_0, rows, cols, BLOCK_BYTES);
        RowGroups.repack("Q4_0", rows, cols, BLOCK, BLOCK_BYTES, 4, source, out, 0);
        return new Int16Q4_0Matrix(rows, cols, out);
    }

    @Override
    public DType dtype() {
        return DType.Q4_0;
    }

    @Override
    public long byteSize() {
        return (long) rows() * blocks * BLOCK_BYTES;
    }

    /** Rows {@code 16 group .. 16 group + 15} dotted with input {@code i} of {@code x}, into {@code out[outOffset ..]}. */
    void dotGroup(int group, Q8Inputs x, int i, float[] out, int outOffset) {
        byte[] q4 = data;
        int[] c = x.coeffs;
        float[] xd = x.scales;
        int c0 = x.coeffStart(i);
        int s0 = x.scaleStart(i);
        int base = group * blocks * GROUP_BLOCK_BYTES;
        // Everything in these loops must inline (see Lanes): no helper calls.
        for (int h = 0; h < ROWS; h += Lanes.G_L) {
            FloatVector acc0 = FloatVector.zero(Lanes.G_F);
            for (int b = 0; b < blocks; b++) {
                int at = base + b * GROUP_BLOCK_BYTES;
                int cb = c0 + b * Q8Inputs.COEFFS;
                ShortVector k = IntVector.broadcast(Lanes.G_I, c[cb + Q8Inputs.CONSTANT]).reinterpretAsShorts();
                ShortVector a0 = k;
                int q = at + SCALE_BYTES + 4 * h;
                for (int w = 0; w < 4; w++) {
                    int cw = cb + 4 * w;
                    ShortVector t0 = IntVector.broadcast(Lanes.G_I, c[cw]).reinterpretAsShorts();
                    ShortVector t1 = IntVector.broadcast(Lanes.G_I, c[cw + 1]).reinterpretAsShorts();
                    ShortVector t2 = IntVector.broadcast(Lanes.G_I, c[cw + 2]).reinterpretAsShorts();
                    ShortVector t3 = IntVector.broadcast(Lanes.G_I, c[cw + 3]).reinterpretAsShorts();
                    IntVector v0 = ByteVector.fromArray(Lanes.G_B4, q4, q + w * WORD_BYTES).reinterpretAsInts();
                    a0 = a0.add(v0.reinterpretAsShorts().mul(t0))
                            .add(v0.lanewise(VectorOperators.LSHR, 4).reinterpretAsShorts().mul(t1))
                            .add(v0.lanewise(VectorOperators.LSHR, 8).reinterpretAsShorts().mul(t2))
                            .add(v0.lanewise(VectorOperators.LSHR, 12).reinterpretAsShorts().mul(t3));
                }
                float dx = xd[s0 + b];
                IntVector i0 = a0.reinterpretAsInts();
                // the two halves' 16-bit sums add up in the high half, then come down sign-extended
                FloatVector f0 = (FloatVector) i0.add(i0.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16)
                        .convertShape(VectorOperators.I2F, Lanes.G_F, 0);
                // f16 scales, finite (checked when repacked): bits moved into float position are d * 2^-112
                FloatVector d0 = ((FloatVector) ((IntVector) ByteVector.fromArray(Lanes.G_B2, q4, at + 2 * h)
                        .reinterpretAsShorts().convertShape(VectorOperators.S2I, Lanes.G_I, 0))
                        .lanewise(VectorOperators.LSHL, 13).and(0x8fffe000).reinterpretAsFloats()).mul(0x1p112f);
                acc0 = f0.mul(dx).fma(d0, acc0);
            }
            acc0.intoArray(out, outOffset + h);
        }
    }

    /** Where block {@code b} of row {@code row}'s group starts (its 16 scales, then its words). */
    private int groupBlock(int row, int b) {
        return (row / ROWS) * blocks * GROUP_BLOCK_BYTES + b * GROUP_BLOCK_BYTES;
    }

    /** Value byte {@code j} (0..15) of row {@code row} in block {@code b}: low nibble value {@code j}, high {@code 16 + j}. */
    private int valueByte(int row, int b, int j) {
        return data[groupBlock(row, b) + SCALE_BYTES + WORD_BYTES * (j / 4) + 4 * (row % ROWS) + (j & 3)] & 0xff;
    }

    /** The f16 scale of row {@code row} in block {@code b}. */
    private float scale(int row, int b) {
        return HalfFloats.toFloat(data, groupBlock(row, b) + 2 * (row % ROWS));
    }

    @Override
    float dotPermuted(int row, float[] x, int xOffset) {
        float total = 0;
        for (int b = 0; b < blocks; b++) {
            int xi = xOffset + b * BLOCK;
            float sum = 0;
            for (int j = 0; j < BLOCK / 2; j++) {
                int q = valueByte(row, b, j);
                sum += ((q & 0x0f) - 8) * x[xi + j] + ((q >>> 4) - 8) * x[xi + 16 + j];
            }
            total += sum * scale(row, b);
        }
        return total;
    }

    @Override
    void decodePermuted(int row, float[] dst, int dstOffset) {
        decodeRow(row, dst, dstOffset);
    }

    @Override
    void decodeRow(int row, float[] dst, int dstOffset) {
        for (int b = 0; b < blocks; b++) {
            float d = scale(row, b);
            int out = dstOffset + b * BLOCK;
            for (int j = 0; j < BLOCK / 2; j++) {
                int q = valueByte(row, b, j);
                dst[out + j] = ((q & 0x0f) - 8) * d;
                dst[out + 16 + j] = ((q >>> 4) - 8) * d;
            }
        }
    }
}
