package dev.bindery.tensor.kernel;

import dev.bindery.tensor.DType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Q8_0 weights repacked at load time so that one vector holds the same column of {@value RowGroups#ROWS} rows:
 * the same bytes as a GGML Q8_0 matrix (34 per 32 values), in another order. For each group of 16 rows and each
 * block of 32 columns there are 544 bytes: the 16 rows' f16 scales (32 bytes), then for each of the 32 columns the
 * 16 rows' signed bytes.
 *
 * <p>Why: the row-major kernel spends most of its work on per-block scalar steps (the scale lookup) and on
 * reductions; here a block's scales convert as one vector, each column is one widening load, and the input value
 * is a broadcast, so the 16 dot products of a group come out in one vector with no horizontal sum. Products are
 * summed per block, then scaled once by the row's {@code d}, as the row-major kernel does.
 */
public final class GroupedQ8_0Matrix extends GroupedBlockMatrix {
    /** Bytes per block and row, as in the file. */
    public static final int BLOCK_BYTES = 34;
    private static final int GROUP_BLOCK_BYTES = ROWS * BLOCK_BYTES;

    private GroupedQ8_0Matrix(int rows, int cols, byte[] data, int offset) {
        super(DType.Q8_0, BLOCK_BYTES, rows, cols, data, offset);
    }

    /**
     * Repacks Q8_0 rows read from {@code source} ({@code rows} a multiple of 16, {@code cols} of 32) into a new array
     * of the same size; only one group of rows in file order exists besides it.
     *
     * @throws IllegalArgumentException if the shape does not fit the layout or a scale is infinite or NaN
     */
    static GroupedQ8_0Matrix repack(int rows, int cols, RowGroups.Source source) {
        return repack(rows, cols, source, allocate(DType.Q8_0, rows, cols, BLOCK_BYTES), 0);
    }

    /** Repacks into {@code out[outOffset ..]} (see {@link RowGroups#repack}). */
    static GroupedQ8_0Matrix repack(int rows, int cols, RowGroups.Source source, byte[] out, int outOffset) {
        RowGroups.repack("Q8_0", rows, cols, BLOCK, BLOCK_BYTES, 1, source, out, outOffset);
        return new GroupedQ8_0Matrix(rows, cols, out, outOffset);
    }

    @Override
    public void dotGroup(int group, float[] x, int xOffset, float[] out, int outOffset) {
        byte[] q8 = data;
        int base = offset + group * ROWS * blocks * BLOCK_BYTES;
        // Everything in these loops must inline (see Lanes): no helper calls.
        for (int h = 0; h < ROWS; h += Lanes.G_L) {
            FloatVector acc = FloatVector.zero(Lanes.G_F);
            for (int b = 0; b < blocks; b++) {
                int at = base + b * GROUP_BLOCK_BYTES;
                int xi = xOffset + b * BLOCK;
                // f16 scales, finite (checked when repacked): bits moved into float position are d * 2^-112
                IntVector s = (IntVector) ByteVector.fromArray(Lanes.G_B2, q8, at + 2 * h).reinterpretAsShorts()
                        .convertShape(VectorOperators.S2I, Lanes.G_I, 0);
                FloatVector d = ((FloatVector) s.lanewise(VectorOperators.LSHL, 13).and(0x8fffe000)
                        .reinterpretAsFloats()).mul(0x1p112f);
                FloatVector s0 = FloatVector.zero(Lanes.G_F);
                FloatVector s1 = FloatVector.zero(Lanes.G_F);
                FloatVector s2 = FloatVector.zero(Lanes.G_F);
                FloatVector s3 = FloatVector.zero(Lanes.G_F);
                int q = at + 2 * ROWS + h;
                for (int j = 0; j < BLOCK; j += 4) {
                    s0 = ((FloatVector) ByteVector.fromArray(Lanes.G_B, q8, q + j * ROWS)
                            .convertShape(VectorOperators.B2F, Lanes.G_F, 0))
                            .fma(FloatVector.broadcast(Lanes.G_F, x[xi + j]), s0);
                    s1 = ((FloatVector) ByteVector.fromArray(Lanes.G_B, q8, q + (j + 1) * ROWS)
                            .convertShape(VectorOperators.B2F, Lanes.G_F, 0))
                            .fma(FloatVector.broadcast(Lanes.G_F, x[xi + j + 1]), s1);
                    s2 = ((FloatVector) ByteVector.fromArray(Lanes.G_B, q8, q + (j + 2) * ROWS)
                            .convertShape(VectorOperators.B2F, Lanes.G_F, 0))
                            .fma(FloatVector.broadcast(Lanes.G_F, x[xi + j + 2]), s2);
                    s3 = ((FloatVector) ByteVector.fromArray(Lanes.G_B, q8, q + (j + 3) * ROWS)
                            .convertShape(VectorOperators.B2F, Lanes.G_F, 0))
                            .fma(FloatVector.broadcast(Lanes.G_F, x[xi + j + 3]), s3);
                }
                acc = s0.add(s1).add(s2.add(s3)).fma(d, acc);
            }
            acc.intoArray(out, outOffset + h);
        }
    }

    /**
     * Groups {@code group .. group + 3} against one input. Why: each broadcast input serves four groups, and the
     * weights are read as four streams; on a machine whose prefetching did not keep up with one stream (an Intel
     * Xeon VM) that is where the time went. Two partial sums per group instead of four keep the accumulators in
     * registers, so a row's sum is rounded differently from {@link #dotGroup}'s (each row always goes through the
     * same kernel: {@link MatMul} hands out whole passes).
     */
    @Override
    public void dotFourGroups(int group, float[] x, int xOffset, float[] out, int outOffset) {
        byte[] q8 = data;
        int base = offset + group * ROWS * blocks * BLOCK_BYTES;
        int next = ROWS * blocks * BLOCK_BYTES;
        for (int h = 0; h < ROWS; h += Lanes.G_L) {
            FloatVector acc0 = FloatVector.zero(Lanes.G_F);
            FloatVector acc1 = FloatVector.zero(Lanes.G_F);
            FloatVector acc2 = FloatVector.zero(Lanes.G_F);
            FloatVector acc3 = FloatVector.zero(Lanes.G_F);
            for (int b = 0; b < blocks; b++) {
                int at = base + b * GROUP_BLOCK_BYTES;
                int xi = xOffset + b * BLOCK;
                FloatVector e0 = FloatVector.zero(Lanes.G_F);
                FloatVector o0 = FloatVector.zero(Lanes.G_F);
                FloatVector e1 = FloatVector.zero(Lanes.G_F);
                FloatVector o1 = FloatVector.zero(Lanes.G_F);
                FloatVector e2 = FloatVector.zero(Lanes.G_F);
                FloatVector o2 = FloatVector.zero(Lanes.G_F);
                FloatVector e3 = FloatVector.zero(Lanes.G_F);
                FloatVector o3 = FloatVector.zero(Lanes.G_F);
                int q = at + 2 * ROWS + h;
                for (int j = 0; j < BLOCK; j += 2) {
                    FloatVector xe = FloatVector.broadcast(Lanes.G_F, x[xi + j]);
                    FloatVector xo = FloatVector.broadcast(Lanes.G_F, x[xi + j + 1]);
                    e0 = ((FloatVector) ByteVector.fromArray(Lanes.G_B, q8, q + 0 * next + j * ROWS)
                            .convertShape(VectorOperators.B2F, Lanes.G_F, 0)).fma(xe, e0);
                    o0 = ((FloatVector) ByteVector.fromArray(Lanes.G_B, q8, q + 0 * next + (j + 1) * ROWS)
                            .convertShape(VectorOperators.B2F, Lanes.G_F, 0)).fma(xo, o0);
                    e1 = ((FloatVector) ByteVector.fromArray(Lanes.G_B, q8, q + 1 * next + j * ROWS)
                            .convertShape(VectorOperators.B2F, Lanes.G_F, 0)).fma(xe, e1);
                    o1 = ((FloatVector) ByteVector.fromArray(Lanes.G_B, q8, q + 1 * next + (j + 1) * ROWS)
                            .convertShape(VectorOperators.B2F, Lanes.G_F, 0)).fma(xo, o1);
                    e2 = ((FloatVector) ByteVector.fromArray(Lanes.G_B, q8, q + 2 * next + j * ROWS)
                            .convertShape(VectorOperators.B2F, Lanes.G_F, 0)).fma(xe, e2);
                    o2 = ((FloatVector) ByteVector.fromArray(Lanes.G_B, q8, q + 2 * next + (j + 1) * ROWS)
                            .convertShape(VectorOperators.B2F, Lanes.G_F, 0)).fma(xo, o2);
                    e3 = ((FloatVector) ByteVector.fromArray(Lanes.G_B, q8, q + 3 * next + j * ROWS)
                            .convertShape(VectorOperators.B2F, Lanes.G_F, 0)).fma(xe, e3);
                    o3 = ((FloatVector) ByteVector.fromArray(Lanes.G_B, q8, q + 3 * next + (j + 1) * ROWS)
                            .convertShape(VectorOperators.B2F, Lanes.G_F, 0)).fma(xo, o3);
                }
                FloatVector d0 = ((FloatVector) ((IntVector) ByteVector.fromArray(Lanes.G_B2, q8, at + 0 * next + 2 * h)
                        .reinterpretAsShorts().convertShape(VectorOperators.S2I, Lanes.G_I, 0))
                        .lanewise(VectorOperators.LSHL, 13).and(0x8fffe000).reinterpretAsFloats()).mul(0x1p112f);
                acc0 = e0.add(o0).fma(d0, acc0);
                FloatVector d1 = ((FloatVector) ((IntVector) ByteVector.fromArray(Lanes.G_B2, q8, at + 1 * next + 2 * h)
                        .reinterpretAsShorts().convertShape(VectorOperators.S2I, Lanes.G_I, 0))
                        .lanewise(VectorOperators.LSHL, 13).and(0x8fffe000).reinterpretAsFloats()).mul(0x1p112f);
                acc1 = e1.add(o1).fma(d1, acc1);
                FloatVector d2 = ((FloatVector) ((IntVector) ByteVector.fromArray(Lanes.G_B2, q8, at + 2 * next + 2 * h)
                        .reinterpretAsShorts().convertShape(VectorOperators.S2I, Lanes.G_I, 0))
                        .lanewise(VectorOperators.LSHL, 13).and(0x8fffe000).reinterpretAsFloats()).mul(0x1p112f);
                acc2 = e2.add(o2).fma(d2, acc2);
                FloatVector d3 = ((FloatVector) ((IntVector) ByteVector.fromArray(Lanes.G_B2, q8, at + 3 * next + 2 * h)
                        .reinterpretAsShorts().convertShape(VectorOperators.S2I, Lanes.G_I, 0))
                        .lanewise(VectorOperators.LSHL, 13).and(0x8fffe000).reinterpretAsFloats()).mul(0x1p112f);
                acc3 = e3.add(o3).fma(d3, acc3);
            }
            acc0.intoArray(out, outOffset + 0 * ROWS + h);
            acc1.intoArray(out, outOffset + 1 * ROWS + h);
            acc2.intoArray(out, outOffset + 2 * ROWS + h);
            acc3.intoArray(out, outOffset + 3 * ROWS + h);
        }
    }

    @Override
    public void dotGroup4(int group, float[] x, int x0, int x1, int x2, int x3, float[] tile) {
        byte[] q8 = data;
        int base = offset + group * ROWS * blocks * BLOCK_BYTES;
        for (int h = 0; h < ROWS; h += Lanes.G_L) {
            FloatVector a0 = FloatVector.zero(Lanes.G_F);
            FloatVector a1 = FloatVector.zero(Lanes.G_F);
            FloatVector a2 = FloatVector.zero(Lanes.G_F);
            FloatVector a3 = FloatVector.zero(Lanes.G_F);
            for (int b = 0; b < blocks; b++) {
                int at = base + b * GROUP_BLOCK_BYTES;
                int xb = b * BLOCK;
                IntVector s = (IntVector) ByteVector.fromArray(Lanes.G_B2, q8, at + 2 * h).reinterpretAsShorts()
                        .convertShape(VectorOperators.S2I, Lanes.G_I, 0);
                FloatVector d = ((FloatVector) s.lanewise(VectorOperators.LSHL, 13).and(0x8fffe000)
                        .reinterpretAsFloats()).mul(0x1p112f);
                FloatVector s0 = FloatVector.zero(Lanes.G_F);
                FloatVector s1 = FloatVector.zero(Lanes.G_F);
                FloatVector s2 = FloatVector.zero(Lanes.G_F);
                FloatVector s3 = FloatVector.zero(Lanes.G_F);
                int q = at + 2 * ROWS + h;
                for (int j = 0; j < BLOCK; j++) {
                    FloatVector w = (FloatVector) ByteVector.fromArray(Lanes.G_B, q8, q + j * ROWS)
                            .convertShape(VectorOperators.B2F, Lanes.G_F, 0);
                    s0 = w.fma(FloatVector.broadcast(Lanes.G_F, x[x0 + xb + j]), s0);
                    s1 = w.fma(FloatVector.broadcast(Lanes.G_F, x[x1 + xb + j]), s1);
                    s2 = w.fma(FloatVector.broadcast(Lanes.G_F, x[x2 + xb + j]), s2);
                    s3 = w.fma(FloatVector.broadcast(Lanes.G_F, x[x3 + xb + j]), s3);
                }
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
    public void dotGroup8(int group, float[] x, int[] xs, float[] tile) {
        byte[] q8 = data;
        int base = offset + group * ROWS * blocks * BLOCK_BYTES;
        int x0 = xs[0];
        int x1 = xs[1];
        int x2 = xs[2];
        int x3 = xs[3];
        int x4 = xs[4];
        int x5 = xs[5];
        int x6 = xs[6];
        int x7 = xs[7];
        for (int h = 0; h < ROWS; h += Lanes.G_L) {
            FloatVector a0 = FloatVector.zero(Lanes.G_F);
            FloatVector a1 = FloatVector.zero(Lanes.G_F);
            FloatVector a2 = FloatVector.zero(Lanes.G_F);
            FloatVector a3 = FloatVector.zero(Lanes.G_F);
            FloatVector a4 = FloatVector.zero(Lanes.G_F);
            FloatVector a5 = FloatVector.zero(Lanes.G_F);
            FloatVector a6 = FloatVector.zero(Lanes.G_F);
            FloatVector a7 = FloatVector.zero(Lanes.G_F);
            for (int b = 0; b < blocks; b++) {
                int at = base + b * GROUP_BLOCK_BYTES;
                int xb = b * BLOCK;
                IntVector s = (IntVector) ByteVector.fromArray(Lanes.G_B2, q8, at + 2 * h).reinterpretAsShorts()
                        .convertShape(VectorOperators.S2I, Lanes.G_I, 0);
                FloatVector d = ((FloatVector) s.lanewise(VectorOperators.LSHL, 13).and(0x8fffe000)
                        .reinterpretAsFloats()).mul(0x1p112f);
                FloatVector s0 = FloatVector.zero(Lanes.G_F);
                FloatVector s1 = FloatVector.zero(Lanes.G_F);
                FloatVector s2 = FloatVector.zero(Lanes.G_F);
                FloatVector s3 = FloatVector.zero(Lanes.G_F);
                FloatVector s4 = FloatVector.zero(Lanes.G_F);
                FloatVector s5 = FloatVector.zero(Lanes.G_F);
                FloatVector s6 = FloatVector.zero(Lanes.G_F);
                FloatVector s7 = FloatVector.zero(Lanes.G_F);
                int q = at + 2 * ROWS + h;
                for (int j = 0; j < BLOCK; j++) {
                    FloatVector w = (FloatVector) ByteVector.fromArray(Lanes.G_B, q8, q + j * ROWS)
                            .convertShape(VectorOperators.B2F, Lanes.G_F, 0);
                    s0 = w.fma(FloatVector.broadcast(Lanes.G_F, x[x0 + xb + j]), s0);
                    s1 = w.fma(FloatVector.broadcast(Lanes.G_F, x[x1 + xb + j]), s1);
                    s2 = w.fma(FloatVector.broadcast(Lanes.G_F, x[x2 + xb + j]), s2);
                    s3 = w.fma(FloatVector.broadcast(Lanes.G_F, x[x3 + xb + j]), s3);
                    s4 = w.fma(FloatVector.broadcast(Lanes.G_F, x[x4 + xb + j]), s4);
                    s5 = w.fma(FloatVector.broadcast(Lanes.G_F, x[x5 + xb + j]), s5);
                    s6 = w.fma(FloatVector.broadcast(Lanes.G_F, x[x6 + xb + j]), s6);
                    s7 = w.fma(FloatVector.broadcast(Lanes.G_F, x[x7 + xb + j]), s7);
                }
                a0 = s0.fma(d, a0);
                a1 = s1.fma(d, a1);
                a2 = s2.fma(d, a2);
                a3 = s3.fma(d, a3);
                a4 = s4.fma(d, a4);
                a5 = s5.fma(d, a5);
                a6 = s6.fma(d, a6);
                a7 = s7.fma(d, a7);
            }
            a0.intoArray(tile, h);
            a1.intoArray(tile, 1 * ROWS + h);
            a2.intoArray(tile, 2 * ROWS + h);
            a3.intoArray(tile, 3 * ROWS + h);
            a4.intoArray(tile, 4 * ROWS + h);
            a5.intoArray(tile, 5 * ROWS + h);
            a6.intoArray(tile, 6 * ROWS + h);
            a7.intoArray(tile, 7 * ROWS + h);
        }
    }

    @Override
    float dotPermuted(int row, float[] x, int xOffset) {
        float total = 0;
        for (int b = 0; b < blocks; b++) {
            int at = blockStart(row, b);
            float sum = 0;
            for (int j = 0; j < BLOCK; j++) {
                sum += data[at + j * ROWS] * x[xOffset + b * BLOCK + j];
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
            for (int j = 0; j < BLOCK; j++) {
                dst[dstOffset + b * BLOCK + j] = data[at + j * ROWS] * d;
            }
        }
    }
}
