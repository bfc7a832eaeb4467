package dev.bindery.tensor.kernel;

import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Matrix-vector and batched matrix products {@code out = W x} for any {@link Matrix} format, spread over the rows
 * of {@code W} by a {@link Parallel} pool. Outputs are float32; no bias is added (callers add it).
 */
public final class MatMul {
    private MatMul() {
    }

    /** Below this many multiply-adds a call runs on the caller's thread: waking workers would cost more. */
    private static final long MIN_PARALLEL_WORK = 1L << 15;
    /** Multiply-adds per chunk handed to a thread at least. */
    private static final long GRAIN_WORK = 1L << 14;
    /** Inputs processed together against the same decoded weight rows (kept in L2 by the tiling). */
    private static final int INPUT_BLOCK = 64;

    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    /** {@code out[r] = W[r] . x} for every row, on the {@link Parallel#common()} pool. */
    public static void matVec(Matrix w, float[] x, float[] out) {
        matVec(Parallel.common(), w, x, 0, out, 0);
    }

    /**
     * {@code out[outOffset + r] = W[r] . x[xOffset ..]} for every row {@code r}.
     *
     * @throws IndexOutOfBoundsException if {@code x} has fewer than {@code cols} values from {@code xOffset} or
     *                                   {@code out} fewer than {@code rows} from {@code outOffset}
     */
    public static void matVec(Parallel parallel, Matrix w, float[] x, int xOffset, float[] out, int outOffset) {
        int rows = w.rows();
        int cols = w.cols();
        Objects.checkFromIndexSize(xOffset, cols, x.length);
        Objects.checkFromIndexSize(outOffset, rows, out.length);
        if (w instanceof Int16Q4_0Matrix q4) {
            Q8Inputs in = Q8Inputs.one(cols); // the caller thread's own, as below
            in.quantize(x, xOffset, 0);
            int16Product(parallel, q4, in, 1, out, outOffset);
            return;
        }
        if (w instanceof RowGroups grouped) {
            int groups = rows / RowGroups.ROWS;
            // whole passes of four groups per chunk, so each row goes through the same kernel whatever the split
            int passes = (groups + 3) / 4;
            Parallel.RangeTask task = (from, to) -> {
                for (int p = from; p < to; p++) {
                    int g = 4 * p;
                    if (g + 4 <= groups) {
                        grouped.dotFourGroups(g, x, xOffset, out, outOffset + g * RowGroups.ROWS);
                    } else {
                        for (; g < groups; g++) {
                            grouped.dotGroup(g, x, xOffset, out, outOffset + g * RowGroups.ROWS);
                        }
                    }
                }
            };
            if ((long) rows * cols < MIN_PARALLEL_WORK) {
                task.run(0, passes);
            } else {
                parallel.parallelFor(0, passes, grain(cols, 4 * RowGroups.ROWS), task);
            }
            return;
        }
        if (w instanceof F32Matrix f) {
            // octets of rows by absolute index, so a row's sum does not depend on how the range was cut
            int octets = (rows + 7) / 8;
            Parallel.RangeTask task = (from, to) -> {
                for (int o = from; o < to; o++) {
                    int r = 8 * o;
                    if (r + 8 <= rows) {
                        f.dotEight(r, x, xOffset, out, outOffset + r);
                    } else {
                        for (; r < rows; r++) {
                            out[outOffset + r] = f.dotPermuted(r, x, xOffset);
                        }
                    }
                }
            };
            if ((long) rows * cols < MIN_PARALLEL_WORK) {
                task.run(0, octets);
            } else {
                parallel.parallelFor(0, octets, grain(cols, 8), task);
            }
            return;
        }
        float[] xp = x;
        int xpOffset = xOffset;
        if (w.permutesInput()) {
            // The calling thread's own buffer: it is only read by this call's chunks, which all finish before
            // parallelFor returns, so the next call on this thread may overwrite it.
            xp = PermutedInput.buffer(cols);
            xpOffset = 0;
            w.permute(x, xOffset, xp, 0);
        }
        float[] in = xp;
        int inOffset = xpOffset;
        Parallel.RangeTask task = (from, to) -> {
            for (int r = from; r < to; r++) {
                out[outOffset + r] = w.dotPermuted(r, in, inOffset);
            }
        };
        if ((long) rows * cols < MIN_PARALLEL_WORK) {
            task.run(0, rows);
        } else {
            parallel.parallelFor(0, rows, grain(cols, 1), task);
        }
    }

    /**
     * Applies {@code W} to {@code n} input rows at once: {@code x} is {@code (n, cols)} row-major, {@code out} is
     * {@code (n, rows)} row-major, i.e. {@code out[i][r] = W[r] . x[i]} (a Linear layer over a sequence). Uses the
     * {@link Parallel#common()} pool.
     */
    public static void matMul(Matrix w, float[] x, int n, float[] out) {
        matMul(Parallel.common(), w, x, 0, n, out, 0);
    }

    /**
     * Batched product, see {@link #matMul(Matrix, float[], int, float[])}, with explicit offsets and pool. Each
     * weight row is decoded once per block of up to 64 inputs and reused for all of them; the inner kernel
     * computes 2 rows x 4 inputs at a time so every loaded vector feeds several multiply-adds.
     *
     * @throws IndexOutOfBoundsException if an array is too short for {@code n} rows
     */
    public static void matMul(Parallel parallel, Matrix w, float[] x, int xOffset, int n, float[] out, int outOffset) {
        int rows = w.rows();
        int cols = w.cols();
        if (n < 0) {
            throw new IllegalArgumentException("negative input count " + n);
        }
        Objects.checkFromIndexSize(xOffset, Math.multiplyExact(n, cols), x.length);
        Objects.checkFromIndexSize(outOffset, Math.multiplyExact(n, rows), out.length);
        if (n == 0 || rows == 0) {
            return;
        }
        if (n == 1) {
            matVec(parallel, w, x, xOffset, out, outOffset);
            return;
        }
        if (w instanceof Int16Q4_0Matrix q4) {
            Q8Inputs in = Q8Inputs.of(cols, n);
            for (int i = 0; i < n; i++) {
                in.quantize(x, xOffset + i * cols, i);
            }
            int16Product(parallel, q4, in, n, out, outOffset);
            return;
        }
        if (w instanceof RowGroups grouped) {
            Parallel.RangeTask task = (from, to) -> groups(grouped, rows, cols, x, xOffset, n, out, outOffset, from, to);
            int groups = rows / RowGroups.ROWS;
            if ((long) rows * cols * n < MIN_PARALLEL_WORK) {
                task.run(0, groups);
            } else {
                parallel.parallelFor(0, groups, grain(cols, RowGroups.ROWS * n), task);
            }
            return;
        }
        float[] xp = x;
        int xpOffset = xOffset;
        if (w.permutesInput()) {
            // Inputs in the kernel order of the format, so decoded weight rows can be used as they come out.
            xp = new float[n * cols];
            xpOffset = 0;
            for (int i = 0; i < n; i++) {
                w.permute(x, xOffset + i * cols, xp, i * cols);
            }
        }
        float[] in = xp;
        int inOffset = xpOffset;
        int pairs = (rows + 1) / 2;
        Parallel.RangeTask task = (from, to) -> rowPairs(w, in, inOffset, n, out, outOffset, 2 * from, Math.min(rows, 2 * to));
        if ((long) rows * cols * n < MIN_PARALLEL_WORK) {
            task.run(0, pairs);
        } else {
            parallel.parallelFor(0, pairs, grain(cols, 2 * n), task);
        }
    }

    private static int grain(int cols, int perRow) {
        long workPerUnit = Math.max(1L, (long) cols * perRow);
        return (int) Math.max(1L, Math.min(Integer.MAX_VALUE, GRAIN_WORK / workPerUnit));
    }

    /** Row groups {@code [g0, g1)} against all inputs, four inputs per pass over a group's weights. */
    private static void groups(RowGroups w, int rows, int stride, float[] x, int xOffset, int n, float[] out, int outOffset,
                               int g0, int g1) {
        float[] tile = new float[4 * RowGroups.ROWS];
        for (int g = g0; g < g1; g++) {
            int r0 = g * RowGroups.ROWS;
            for (int i = 0; i < n; i += 4) {
                int count = Math.min(4, n - i);
                int x0 = xOffset + i * stride;
                // Missing inputs repeat the first one; their results are discarded.
                int x1 = count > 1 ? x0 + stride : x0;
                int x2 = count > 2 ? x0 + 2 * stride : x0;
                int x3 = count > 3 ? x0 + 3 * stride : x0;
                w.dotGroup4(g, x, x0, x1, x2, x3, tile);
                for (int j = 0; j < count; j++) {
                    System.arraycopy(tile, j * RowGroups.ROWS, out, outOffset + (i + j) * rows + r0, RowGroups.ROWS);
                }
            }
        }
    }

    /** {@code w} against its {@code n} quantised inputs, the row groups spread over {@code parallel}. */
    private static void int16Product(Parallel parallel, Int16Q4_0Matrix w, Q8Inputs x, int n, float[] out, int outOffset) {
        int groups = w.rows() / Int16Q4_0Matrix.ROWS;
        Parallel.RangeTask task = (from, to) -> int16Groups(w, x, n, out, outOffset, from, to);
        if ((long) w.rows() * w.cols() * n < MIN_PARALLEL_WORK) {
            task.run(0, groups);
        } else {
            parallel.parallelFor(0, groups, grain(w.cols(), Int16Q4_0Matrix.ROWS * n), task);
        }
    }

    /**
     * Row groups {@code [g0, g1)} of an {@link Int16Q4_0Matrix} against its {@code n} quantised inputs, a group's
     * weights staying in cache while each input goes over them. One group per kernel call, for mat-vecs too: a
     * kernel that read four groups per pass decoded up to 1.3x faster when C2 compiled it well, but JDK 17 compiled it
     * with boxed vectors in about a third of fresh JVMs (prompts 4-10x slower on the Intel and the AMD machine, decode
     * 4-5x on the AMD one); the one-group kernel never was.
     */
    private static void int16Groups(Int16Q4_0Matrix w, Q8Inputs x, int n, float[] out, int outOffset, int g0, int g1) {
        int rows = w.rows();
        for (int g = g0; g < g1; g++) {
            for (int i = 0; i < n; i++) {
                w.dotGroup(g, x, i, out, outOffset + i * rows + g * Int16Q4_0Matrix.ROWS);
            }
        }
    }

    /** Rows {@code [r0, r1)} against all inputs (in kernel order), inputs blocked to stay cache-resident. */
    private static void rowPairs(Matrix w, float[] x, int xOffset, int n, float[] out, int outOffset, int r0, int r1) {
        int cols = w.cols();
        int rows = w.rows();
        F32Matrix direct = w instanceof F32Matrix f ? f : null;
        float[] scratch = null;
        if (direct == null) {
            scratch = SCRATCH.get();
            if (scratch.length < 2 * cols) {
                scratch = new float[2 * cols];
                SCRATCH.set(scratch);
            }
        }
        float[] tile = new float[8];
        for (int i0 = 0; i0 < n; i0 += INPUT_BLOCK) {
            int i1 = Math.min(n, i0 + INPUT_BLOCK);
            for (int r = r0; r < r1; r += 2) {
                boolean pair = r + 1 < r1;
                float[] wa;
                int w0;
                int w1;
                if (direct != null) {
                    wa = direct.array();
                    w0 = direct.rowStart(r);
                    w1 = pair ? direct.rowStart(r + 1) : w0;
                } else {
                    wa = scratch;
                    w.decodePermuted(r, scratch, 0);
                    if (pair) {
                        w.decodePermuted(r + 1, scratch, cols);
                    }
                    w0 = 0;
                    w1 = pair ? cols : 0;
                }
                for (int i = i0; i < i1; i += 4) {
                    int count = Math.min(4, i1 - i);
                    int x0 = xOffset + i * cols;
                    // Missing inputs repeat the first one; their results are discarded.
                    int x1 = count > 1 ? x0 + cols : x0;
                    int x2 = count > 2 ? x0 + 2 * cols : x0;
                    int x3 = count > 3 ? x0 + 3 * cols : x0;
                    tile2x4(wa, w0, w1, x, x0, x1, x2, x3, cols, tile);
                    for (int j = 0; j < count; j++) {
                        int o = outOffset + (i + j) * rows + r;
                        out[o] = tile[j];
                        if (pair) {
                            out[o + 1] = tile[4 + j];
                        }
                    }
                }
            }
        }
    }

    /** Dot products of 2 weight rows with 4 inputs: {@code tile[4*a + b] = w_a . x_b}. */
    private static void tile2x4(float[] w, int w0, int w1, float[] x, int x0, int x1, int x2, int x3, int n,
                                float[] tile) {
        FloatVector a00 = FloatVector.zero(Lanes.F);
        FloatVector a01 = FloatVector.zero(Lanes.F);
        FloatVector a02 = FloatVector.zero(Lanes.F);
        FloatVector a03 = FloatVector.zero(Lanes.F);
        FloatVector a10 = FloatVector.zero(Lanes.F);
        FloatVector a11 = FloatVector.zero(Lanes.F);
        FloatVector a12 = FloatVector.zero(Lanes.F);
        FloatVector a13 = FloatVector.zero(Lanes.F);
        int i = 0;
        for (int bound = n - Lanes.L; i <= bound; i += Lanes.L) {
            FloatVector u = FloatVector.fromArray(Lanes.F, w, w0 + i);
            FloatVector v = FloatVector.fromArray(Lanes.F, w, w1 + i);
            FloatVector xv = FloatVector.fromArray(Lanes.F, x, x0 + i);
            a00 = u.fma(xv, a00);
            a10 = v.fma(xv, a10);
            xv = FloatVector.fromArray(Lanes.F, x, x1 + i);
            a01 = u.fma(xv, a01);
            a11 = v.fma(xv, a11);
            xv = FloatVector.fromArray(Lanes.F, x, x2 + i);
            a02 = u.fma(xv, a02);
            a12 = v.fma(xv, a12);
            xv = FloatVector.fromArray(Lanes.F, x, x3 + i);
            a03 = u.fma(xv, a03);
            a13 = v.fma(xv, a13);
        }
        float s00 = a00.reduceLanes(VectorOperators.ADD);
        float s01 = a01.reduceLanes(VectorOperators.ADD);
        float s02 = a02.reduceLanes(VectorOperators.ADD);
        float s03 = a03.reduceLanes(VectorOperators.ADD);
        float s10 = a10.reduceLanes(VectorOperators.ADD);
        float s11 = a11.reduceLanes(VectorOperators.ADD);
        float s12 = a12.reduceLanes(VectorOperators.ADD);
        float s13 = a13.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float u = w[w0 + i];
            float v = w[w1 + i];
            s00 += u * x[x0 + i];
            s01 += u * x[x1 + i];
            s02 += u * x[x2 + i];
            s03 += u * x[x3 + i];
            s10 += v * x[x0 + i];
            s11 += v * x[x1 + i];
            s12 += v * x[x2 + i];
            s13 += v * x[x3 + i];
        }
        tile[0] = s00;
        tile[1] = s01;
        tile[2] = s02;
        tile[3] = s03;
        tile[4] = s10;
        tile[5] = s11;
        tile[6] = s12;
        tile[7] = s13;
    }
}
