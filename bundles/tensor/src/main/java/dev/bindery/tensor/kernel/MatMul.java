package dev.bindery.tensor.kernel;

import java.util.Objects;

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
     * computes a tile of rows x 4 inputs at a time ({@link FloatTiles}) so every loaded vector feeds several
     * multiply-adds.
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
        int tileRows = FloatTiles.ROWS;
        int tiles = (rows + tileRows - 1) / tileRows;
        Parallel.RangeTask task = (from, to) ->
                rowTiles(w, in, inOffset, n, out, outOffset, tileRows * from, Math.min(rows, tileRows * to));
        if ((long) rows * cols * n < MIN_PARALLEL_WORK) {
            task.run(0, tiles);
        } else {
            parallel.parallelFor(0, tiles, grain(cols, tileRows * n), task);
        }
    }

    private static int grain(int cols, int perRow) {
        long workPerUnit = Math.max(1L, (long) cols * perRow);
        return (int) Math.max(1L, Math.min(Integer.MAX_VALUE, GRAIN_WORK / workPerUnit));
    }

    /**
     * Row groups {@code [g0, g1)} against all inputs, eight inputs per pass over a group's weights where the machine
     * has the registers for them ({@link Lanes#WIDE_REGISTERS}), else four; either gives the same numbers.
     */
    private static void groups(RowGroups w, int rows, int stride, float[] x, int xOffset, int n, float[] out, int outOffset,
                               int g0, int g1) {
        int pass = Lanes.WIDE_REGISTERS ? 8 : 4;
        float[] tile = new float[pass * RowGroups.ROWS];
        int[] xs = new int[pass];
        for (int g = g0; g < g1; g++) {
            int r0 = g * RowGroups.ROWS;
            for (int i = 0; i < n; i += pass) {
                int count = Math.min(pass, n - i);
                // Missing inputs repeat the first one; their results are discarded.
                for (int j = 0; j < pass; j++) {
                    xs[j] = xOffset + (i + (j < count ? j : 0)) * stride;
                }
                if (pass == 8) {
                    w.dotGroup8(g, x, xs, tile);
                } else {
                    w.dotGroup4(g, x, xs[0], xs[1], xs[2], xs[3], tile);
                }
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

    /**
     * Rows {@code [r0, r1)} against all inputs (in kernel order), {@link FloatTiles#ROWS} rows by 4 inputs per tile,
     * inputs blocked to stay cache-resident. Missing rows and inputs of a tile repeat its first one; their results
     * are discarded.
     */
    private static void rowTiles(Matrix w, float[] x, int xOffset, int n, float[] out, int outOffset, int r0, int r1) {
        int cols = w.cols();
        int rows = w.rows();
        int tileRows = FloatTiles.ROWS;
        F32Matrix direct = w instanceof F32Matrix f ? f : null;
        float[] scratch = null;
        if (direct == null) {
            scratch = SCRATCH.get();
            if (scratch.length < tileRows * cols) {
                scratch = new float[tileRows * cols];
                SCRATCH.set(scratch);
            }
        }
        float[] tile = new float[tileRows * FloatTiles.INPUTS];
        int[] starts = new int[tileRows];
        for (int i0 = 0; i0 < n; i0 += INPUT_BLOCK) {
            int i1 = Math.min(n, i0 + INPUT_BLOCK);
            for (int r = r0; r < r1; r += tileRows) {
                int present = Math.min(tileRows, r1 - r);
                float[] wa;
                if (direct != null) {
                    wa = direct.array();
                    for (int a = 0; a < tileRows; a++) {
                        starts[a] = direct.rowStart(a < present ? r + a : r);
                    }
                } else {
                    wa = scratch;
                    for (int a = 0; a < tileRows; a++) {
                        if (a < present) {
                            w.decodePermuted(r + a, scratch, a * cols);
                        }
                        starts[a] = a < present ? a * cols : 0;
                    }
                }
                for (int i = i0; i < i1; i += FloatTiles.INPUTS) {
                    int count = Math.min(FloatTiles.INPUTS, i1 - i);
                    int x0 = xOffset + i * cols;
                    int x1 = count > 1 ? x0 + cols : x0;
                    int x2 = count > 2 ? x0 + 2 * cols : x0;
                    int x3 = count > 3 ? x0 + 3 * cols : x0;
                    if (tileRows == 4) {
                        FloatTiles.tile4x4(wa, starts[0], starts[1], starts[2], starts[3], x, x0, x1, x2, x3, cols, tile);
                    } else {
                        FloatTiles.tile2x4(wa, starts[0], starts[1], x, x0, x1, x2, x3, cols, tile);
                    }
                    for (int a = 0; a < present; a++) {
                        for (int j = 0; j < count; j++) {
                            out[outOffset + (i + j) * rows + r + a] = tile[FloatTiles.INPUTS * a + j];
                        }
                    }
                }
            }
        }
    }
}
