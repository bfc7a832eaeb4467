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
 * The same bytes as a GGML Q4_0 matrix (18 per 32 values), in another order: for each group of 32 rows and each
 * block of 32 columns there are 576 bytes, the 32 rows' f16 scales (64 bytes), then for each 16-bit word
 * {@code k = 0..7} of the block's 16 value bytes the 32 rows' words (bytes {@code 2k} and {@code 2k + 1} of the
 * row's block, little-endian).
 *
 * <p>A word holds four nibbles {@code s = n0 + 16 n1 + 256 n2 + 4096 n3}, and {@code s}, {@code s >>> 4},
 * {@code s >>> 8}, {@code s >>> 12} hold {@code n0}, {@code n1}, {@code n2}, {@code n3} plus multiples of 16 of
 * the nibbles above them. Multiplied by the input coefficients {@code x0}, {@code x1 - 16 x0}, {@code x2 - 16 x1},
 * {@code x3 - 16 x2} those multiples cancel, so the four products sum to {@code n0 x0 + n1 x1 + n2 x2 + n3 x3}
 * modulo 2^16 with no mask and no widening. A block's sum {@code sum((n - 8) x)} is at most
 * {@code 32 * 8 * 127 = 32512} in size, so after adding {@code -8 sum(x)} the wrapped 16-bit result is exact. Per
 * block and row the kernel then converts one integer to float and adds it, times the row's and the input's scales.
 *
 * <p>{@link MatMul} runs four groups per pass ({@link #dotFourGroups}): each broadcast input coefficient then serves
 * four groups, and the weights are read as four streams. A pass's weights stay in cache while each input of a
 * batch goes over them, so batched products use the same kernel and give the same results as mat-vecs.
 *
 * <p>Why: the float Q4_0 kernel ({@link GroupedQ4_0Matrix}, kept for row counts that are a multiple of 16 but not of
 * 32) converts every value to float and, reading one stream, reached half the memory bandwidth. Mat-vec 11008 x 4096
 * from memory, alternated in one process on a 2-core Intel Xeon VM: 10.4 against 5.7 GB/s on one thread (1.8x),
 * 26 against 11 GB/s on two; batched, 16 inputs: the same speed. The input's 8-bit rounding adds an error below the
 * weights' own 4-bit one; {@link #dot} keeps the float input.
 */
public final class Int16Q4_0Matrix extends Matrix {
    /** Rows per group: one 512-bit vector of 16-bit words, or two 256-bit ones. */
    public static final int ROWS = 32;
    /** Values per block. */
    public static final int BLOCK = 32;
    /** Bytes per block and row, as in the file. */
    public static final int BLOCK_BYTES = 18;
    private static final int GROUP_BLOCK_BYTES = ROWS * BLOCK_BYTES;
    private static final int WORD_BYTES = 2 * ROWS;

    private final byte[] data;
    private final int blocks;

    private Int16Q4_0Matrix(int rows, int cols, byte[] data) {
        super(rows, cols);
        this.data = data;
        this.blocks = cols / BLOCK;
    }

    /** True when a Q4_0 matrix of this shape fits the layout. */
    static boolean fits(int rows, int cols) {
        return rows > 0 && rows % ROWS == 0 && cols > 0 && cols % BLOCK == 0;
    }

    /**
     * Repacks Q4_0 rows read from {@code source} ({@code rows} a multiple of 32, {@code cols} of 32) into a new
     * array of the same size; only one group of rows in file order exists besides it.
     *
     * @throws IllegalArgumentException if the shape does not fit the layout or a scale is infinite or NaN
     */
    static Int16Q4_0Matrix repack(int rows, int cols, RowGroups.Source source) {
        if (!fits(rows, cols)) {
            throw new IllegalArgumentException("Q4_0 matrix " + rows + " x " + cols + " cannot be grouped: rows must be a multiple of "
                    + ROWS + " and columns of " + BLOCK);
        }
        int blocks = cols / BLOCK;
        long size = (long) rows * blocks * BLOCK_BYTES;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Q4_0 matrix " + rows + " x " + cols + " has more bytes than one array holds");
        }
        int rowBytes = blocks * BLOCK_BYTES;
        byte[] out = new byte[(int) size];
        byte[] group = new byte[ROWS * rowBytes];
        for (int g = 0; g < rows / ROWS; g++) {
            source.copyRows(g * ROWS, ROWS, group);
            for (int b = 0; b < blocks; b++) {
                int at = g * ROWS * rowBytes + b * GROUP_BLOCK_BYTES;
                for (int r = 0; r < ROWS; r++) {
                    int src = r * rowBytes + b * BLOCK_BYTES;
                    RowGroups.copyScale(group, src, out, at + 2 * r, g * ROWS + r, b);
                    for (int k = 0; k < 8; k++) {
                        out[at + WORD_BYTES * (k + 1) + 2 * r] = group[src + 2 + 2 * k];
                        out[at + WORD_BYTES * (k + 1) + 2 * r + 1] = group[src + 3 + 2 * k];
                    }
                }
            }
        }
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

    /** Groups per pass of {@link #dotFourGroups}. */
    static final int GROUPS_PER_PASS = 4;

    /**
     * Rows {@code 32 group .. 32 group + 31} dotted with input {@code i} of {@code x}, into {@code out[outOffset ..]}:
     * {@link #dotFourGroups} for one group, with the same operations in the same order per row.
     */
    void dotGroup(int group, Q8Inputs x, int i, float[] out, int outOffset) {
        byte[] q4 = data;
        int[] c = x.coeffs;
        float[] xd = x.scales;
        int c0 = x.coeffStart(i);
        int s0 = x.scaleStart(i);
        int base = group * blocks * GROUP_BLOCK_BYTES;
        // Everything in these loops must inline (see Lanes): no helper calls.
        for (int h = 0; h < ROWS; h += 2 * Lanes.G_L) {
            FloatVector lo = FloatVector.zero(Lanes.G_F);
            FloatVector hi = FloatVector.zero(Lanes.G_F);
            for (int b = 0; b < blocks; b++) {
                int at = base + b * GROUP_BLOCK_BYTES;
                int cb = c0 + b * Q8Inputs.COEFFS;
                ShortVector a = IntVector.broadcast(Lanes.G_I, c[cb + BLOCK]).reinterpretAsShorts();
                ShortVector z = ShortVector.zero(Lanes.G_S);
                int q = at + WORD_BYTES + 2 * h;
                for (int k = 0; k < 8; k++) {
                    int ck = cb + 4 * k;
                    ShortVector t0 = IntVector.broadcast(Lanes.G_I, c[ck]).reinterpretAsShorts();
                    ShortVector t1 = IntVector.broadcast(Lanes.G_I, c[ck + 1]).reinterpretAsShorts();
                    ShortVector t2 = IntVector.broadcast(Lanes.G_I, c[ck + 2]).reinterpretAsShorts();
                    ShortVector t3 = IntVector.broadcast(Lanes.G_I, c[ck + 3]).reinterpretAsShorts();
                    ShortVector w = ByteVector.fromArray(Lanes.G_B4, q4, q + k * WORD_BYTES).reinterpretAsShorts();
                    a = a.add(w.mul(t0)).add(w.lanewise(VectorOperators.LSHR, 4).mul(t1));
                    z = z.add(w.lanewise(VectorOperators.LSHR, 8).mul(t2)).add(w.lanewise(VectorOperators.LSHR, 12).mul(t3));
                }
                float dx = xd[s0 + b];
                ShortVector sum = a.add(z);
                // f16 scales, finite (checked when repacked): bits moved into float position are d * 2^-112
                FloatVector d0 = ((FloatVector) ((IntVector) ByteVector.fromArray(Lanes.G_B2, q4, at + 2 * h)
                        .reinterpretAsShorts().convertShape(VectorOperators.S2I, Lanes.G_I, 0))
                        .lanewise(VectorOperators.LSHL, 13).and(0x8fffe000).reinterpretAsFloats()).mul(0x1p112f);
                FloatVector d1 = ((FloatVector) ((IntVector) ByteVector.fromArray(Lanes.G_B2, q4, at + 2 * h + 2 * Lanes.G_L)
                        .reinterpretAsShorts().convertShape(VectorOperators.S2I, Lanes.G_I, 0))
                        .lanewise(VectorOperators.LSHL, 13).and(0x8fffe000).reinterpretAsFloats()).mul(0x1p112f);
                lo = ((FloatVector) ((IntVector) sum.convertShape(VectorOperators.S2I, Lanes.G_I, 0))
                        .convertShape(VectorOperators.I2F, Lanes.G_F, 0)).mul(dx).fma(d0, lo);
                hi = ((FloatVector) ((IntVector) sum.convertShape(VectorOperators.S2I, Lanes.G_I, 1))
                        .convertShape(VectorOperators.I2F, Lanes.G_F, 0)).mul(dx).fma(d1, hi);
            }
            lo.intoArray(out, outOffset + h);
            hi.intoArray(out, outOffset + h + Lanes.G_L);
        }
    }

    /**
     * Rows {@code 32 group .. 32 group + 127} (four groups) dotted with input {@code i} of {@code x}, into
     * {@code out[outOffset ..]}. Why four at once: each broadcast coefficient then serves four groups, and the
     * weights are read as four streams; on a machine whose prefetching did not keep up with one stream (an Intel
     * Xeon VM) that alone was 1.4x from memory.
     */
    void dotFourGroups(int group, Q8Inputs x, int i, float[] out, int outOffset) {
        byte[] q4 = data;
        int[] c = x.coeffs;
        float[] xd = x.scales;
        int c0 = x.coeffStart(i);
        int s0 = x.scaleStart(i);
        int base = group * blocks * GROUP_BLOCK_BYTES;
        int next = blocks * GROUP_BLOCK_BYTES;
        for (int h = 0; h < ROWS; h += 2 * Lanes.G_L) {
            FloatVector lo0 = FloatVector.zero(Lanes.G_F);
            FloatVector hi0 = FloatVector.zero(Lanes.G_F);
            FloatVector lo1 = FloatVector.zero(Lanes.G_F);
            FloatVector hi1 = FloatVector.zero(Lanes.G_F);
            FloatVector lo2 = FloatVector.zero(Lanes.G_F);
            FloatVector hi2 = FloatVector.zero(Lanes.G_F);
            FloatVector lo3 = FloatVector.zero(Lanes.G_F);
            FloatVector hi3 = FloatVector.zero(Lanes.G_F);
            for (int b = 0; b < blocks; b++) {
                int at = base + b * GROUP_BLOCK_BYTES;
                int cb = c0 + b * Q8Inputs.COEFFS;
                ShortVector k = IntVector.broadcast(Lanes.G_I, c[cb + BLOCK]).reinterpretAsShorts();
                ShortVector a0 = k;
                ShortVector z0 = ShortVector.zero(Lanes.G_S);
                ShortVector a1 = k;
                ShortVector z1 = ShortVector.zero(Lanes.G_S);
                ShortVector a2 = k;
                ShortVector z2 = ShortVector.zero(Lanes.G_S);
                ShortVector a3 = k;
                ShortVector z3 = ShortVector.zero(Lanes.G_S);
                int q = at + WORD_BYTES + 2 * h;
                for (int j = 0; j < 8; j++) {
                    int ck = cb + 4 * j;
                    ShortVector t0 = IntVector.broadcast(Lanes.G_I, c[ck]).reinterpretAsShorts();
                    ShortVector t1 = IntVector.broadcast(Lanes.G_I, c[ck + 1]).reinterpretAsShorts();
                    ShortVector t2 = IntVector.broadcast(Lanes.G_I, c[ck + 2]).reinterpretAsShorts();
                    ShortVector t3 = IntVector.broadcast(Lanes.G_I, c[ck + 3]).reinterpretAsShorts();
                    ShortVector w0 = ByteVector.fromArray(Lanes.G_B4, q4, q + 0 * next + j * WORD_BYTES).reinterpretAsShorts();
                    a0 = a0.add(w0.mul(t0)).add(w0.lanewise(VectorOperators.LSHR, 4).mul(t1));
                    z0 = z0.add(w0.lanewise(VectorOperators.LSHR, 8).mul(t2)).add(w0.lanewise(VectorOperators.LSHR, 12).mul(t3));
                    ShortVector w1 = ByteVector.fromArray(Lanes.G_B4, q4, q + 1 * next + j * WORD_BYTES).reinterpretAsShorts();
                    a1 = a1.add(w1.mul(t0)).add(w1.lanewise(VectorOperators.LSHR, 4).mul(t1));
                    z1 = z1.add(w1.lanewise(VectorOperators.LSHR, 8).mul(t2)).add(w1.lanewise(VectorOperators.LSHR, 12).mul(t3));
                    ShortVector w2 = ByteVector.fromArray(Lanes.G_B4, q4, q + 2 * next + j * WORD_BYTES).reinterpretAsShorts();
                    a2 = a2.add(w2.mul(t0)).add(w2.lanewise(VectorOperators.LSHR, 4).mul(t1));
                    z2 = z2.add(w2.lanewise(VectorOperators.LSHR, 8).mul(t2)).add(w2.lanewise(VectorOperators.LSHR, 12).mul(t3));
                    ShortVector w3 = ByteVector.fromArray(Lanes.G_B4, q4, q + 3 * next + j * WORD_BYTES).reinterpretAsShorts();
                    a3 = a3.add(w3.mul(t0)).add(w3.lanewise(VectorOperators.LSHR, 4).mul(t1));
                    z3 = z3.add(w3.lanewise(VectorOperators.LSHR, 8).mul(t2)).add(w3.lanewise(VectorOperators.LSHR, 12).mul(t3));
                }
                float dx = xd[s0 + b];
                ShortVector sum0 = a0.add(z0);
                FloatVector d00 = ((FloatVector) ((IntVector) ByteVector.fromArray(Lanes.G_B2, q4, at + 0 * next + 2 * h)
                        .reinterpretAsShorts().convertShape(VectorOperators.S2I, Lanes.G_I, 0))
                        .lanewise(VectorOperators.LSHL, 13).and(0x8fffe000).reinterpretAsFloats()).mul(0x1p112f);
                FloatVector d01 = ((FloatVector) ((IntVector) ByteVector.fromArray(Lanes.G_B2, q4, at + 0 * next + 2 * h + 2 * Lanes.G_L)
                        .reinterpretAsShorts().convertShape(VectorOperators.S2I, Lanes.G_I, 0))
                        .lanewise(VectorOperators.LSHL, 13).and(0x8fffe000).reinterpretAsFloats()).mul(0x1p112f);
                lo0 = ((FloatVector) ((IntVector) sum0.convertShape(VectorOperators.S2I, Lanes.G_I, 0))
                        .convertShape(VectorOperators.I2F, Lanes.G_F, 0)).mul(dx).fma(d00, lo0);
                hi0 = ((FloatVector) ((IntVector) sum0.convertShape(VectorOperators.S2I, Lanes.G_I, 1))
                        .convertShape(VectorOperators.I2F, Lanes.G_F, 0)).mul(dx).fma(d01, hi0);
                ShortVector sum1 = a1.add(z1);
                FloatVector d10 = ((FloatVector) ((IntVector) ByteVector.fromArray(Lanes.G_B2, q4, at + 1 * next + 2 * h)
                        .reinterpretAsShorts().convertShape(VectorOperators.S2I, Lanes.G_I, 0))
                        .lanewise(VectorOperators.LSHL, 13).and(0x8fffe000).reinterpretAsFloats()).mul(0x1p112f);
                FloatVector d11 = ((FloatVector) ((IntVector) ByteVector.fromArray(Lanes.G_B2, q4, at + 1 * next + 2 * h + 2 * Lanes.G_L)
                        .reinterpretAsShorts().convertShape(VectorOperators.S2I, Lanes.G_I, 0))
                        .lanewise(VectorOperators.LSHL, 13).and(0x8fffe000).reinterpretAsFloats()).mul(0x1p112f);
                lo1 = ((FloatVector) ((IntVector) sum1.convertShape(VectorOperators.S2I, Lanes.G_I, 0))
                        .convertShape(VectorOperators.I2F, Lanes.G_F, 0)).mul(dx).fma(d10, lo1);
                hi1 = ((FloatVector) ((IntVector) sum1.convertShape(VectorOperators.S2I, Lanes.G_I, 1))
                        .convertShape(VectorOperators.I2F, Lanes.G_F, 0)).mul(dx).fma(d11, hi1);
                ShortVector sum2 = a2.add(z2);
                FloatVector d20 = ((FloatVector) ((IntVector) ByteVector.fromArray(Lanes.G_B2, q4, at + 2 * next + 2 * h)
                        .reinterpretAsShorts().convertShape(VectorOperators.S2I, Lanes.G_I, 0))
                        .lanewise(VectorOperators.LSHL, 13).and(0x8fffe000).reinterpretAsFloats()).mul(0x1p112f);
                FloatVector d21 = ((FloatVector) ((IntVector) ByteVector.fromArray(Lanes.G_B2, q4, at + 2 * next + 2 * h + 2 * Lanes.G_L)
                        .reinterpretAsShorts().convertShape(VectorOperators.S2I, Lanes.G_I, 0))
                        .lanewise(VectorOperators.LSHL, 13).and(0x8fffe000).reinterpretAsFloats()).mul(0x1p112f);
                lo2 = ((FloatVector) ((IntVector) sum2.convertShape(VectorOperators.S2I, Lanes.G_I, 0))
                        .convertShape(VectorOperators.I2F, Lanes.G_F, 0)).mul(dx).fma(d20, lo2);
                hi2 = ((FloatVector) ((IntVector) sum2.convertShape(VectorOperators.S2I, Lanes.G_I, 1))
                        .convertShape(VectorOperators.I2F, Lanes.G_F, 0)).mul(dx).fma(d21, hi2);
                ShortVector sum3 = a3.add(z3);
                FloatVector d30 = ((FloatVector) ((IntVector) ByteVector.fromArray(Lanes.G_B2, q4, at + 3 * next + 2 * h)
                        .reinterpretAsShorts().convertShape(VectorOperators.S2I, Lanes.G_I, 0))
                        .lanewise(VectorOperators.LSHL, 13).and(0x8fffe000).reinterpretAsFloats()).mul(0x1p112f);
                FloatVector d31 = ((FloatVector) ((IntVector) ByteVector.fromArray(Lanes.G_B2, q4, at + 3 * next + 2 * h + 2 * Lanes.G_L)
                        .reinterpretAsShorts().convertShape(VectorOperators.S2I, Lanes.G_I, 0))
                        .lanewise(VectorOperators.LSHL, 13).and(0x8fffe000).reinterpretAsFloats()).mul(0x1p112f);
                lo3 = ((FloatVector) ((IntVector) sum3.convertShape(VectorOperators.S2I, Lanes.G_I, 0))
                        .convertShape(VectorOperators.I2F, Lanes.G_F, 0)).mul(dx).fma(d30, lo3);
                hi3 = ((FloatVector) ((IntVector) sum3.convertShape(VectorOperators.S2I, Lanes.G_I, 1))
                        .convertShape(VectorOperators.I2F, Lanes.G_F, 0)).mul(dx).fma(d31, hi3);
            }
            lo0.intoArray(out, outOffset + 0 * ROWS + h);
            hi0.intoArray(out, outOffset + 0 * ROWS + h + Lanes.G_L);
            lo1.intoArray(out, outOffset + 1 * ROWS + h);
            hi1.intoArray(out, outOffset + 1 * ROWS + h + Lanes.G_L);
            lo2.intoArray(out, outOffset + 2 * ROWS + h);
            hi2.intoArray(out, outOffset + 2 * ROWS + h + Lanes.G_L);
            lo3.intoArray(out, outOffset + 3 * ROWS + h);
            hi3.intoArray(out, outOffset + 3 * ROWS + h + Lanes.G_L);
        }
    }

    /** Where row {@code row}'s block {@code b} starts: its scale, then its words {@code 64} bytes apart. */
    private int rowBlock(int row, int b) {
        return (row / ROWS) * blocks * GROUP_BLOCK_BYTES + b * GROUP_BLOCK_BYTES + 2 * (row % ROWS);
    }

    /** Value byte {@code j} (0..15) of row {@code row}'s block {@code b}: low nibble value {@code j}, high {@code 16 + j}. */
    private int valueByte(int at, int j) {
        return data[at + WORD_BYTES * (1 + j / 2) + (j & 1)] & 0xff;
    }

    @Override
    float dotPermuted(int row, float[] x, int xOffset) {
        float total = 0;
        for (int b = 0; b < blocks; b++) {
            int at = rowBlock(row, b);
            int xi = xOffset + b * BLOCK;
            float sum = 0;
            for (int j = 0; j < BLOCK / 2; j++) {
                int q = valueByte(at, j);
                sum += ((q & 0x0f) - 8) * x[xi + j] + ((q >>> 4) - 8) * x[xi + 16 + j];
            }
            total += sum * HalfFloats.toFloat(data, at);
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
            int at = rowBlock(row, b);
            float d = HalfFloats.toFloat(data, at);
            int out = dstOffset + b * BLOCK;
            for (int j = 0; j < BLOCK / 2; j++) {
                int q = valueByte(at, j);
                dst[out + j] = ((q & 0x0f) - 8) * d;
                dst[out + 16 + j] = ((q >>> 4) - 8) * d;
            }
        }
    }
}
