package dev.bindery.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Register tiles for batched products over float rows ({@link MatMul#matMul}): the dot products of a few weight
 * rows with four inputs, each loaded vector feeding several multiply-adds. Every dot product runs the same lane-wise
 * chain, reduction and scalar tail whichever tile computes it, so both tiles give identical results.
 *
 * <p>Why two: four rows by four inputs need 16 accumulators and five operands, which fit the 32 vector registers of
 * an AVX-512 machine; with AVX2's 16 they spill. Measured on a 2-core AMD EPYC (Zen 4) VM, one thread, 11008 x 4096
 * weights against 64 inputs: 4 x 4 tiles 71-73 GFLOPS against 42-45 for 2 x 4 with 512-bit vectors; with AVX2 code
 * (16 registers) 39 against 52, so such machines keep 2 x 4.
 */
final class FloatTiles {
    private FloatTiles() {
    }

    /** Weight rows per tile on this machine: 4 with 32 vector registers ({@link Lanes#WIDE_REGISTERS}), else 2. */
    static final int ROWS = Lanes.WIDE_REGISTERS ? 4 : 2;
    /** Inputs per tile. */
    static final int INPUTS = 4;

    /** Dot products of rows {@code w0, w1} with 4 inputs over {@code n} values: {@code tile[4 a + b] = w_a . x_b}. */
    static void tile2x4(float[] w, int w0, int w1, float[] x, int x0, int x1, int x2, int x3, int n, float[] tile) {
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
        tile[0] = a00.reduceLanes(VectorOperators.ADD);
        tile[1] = a01.reduceLanes(VectorOperators.ADD);
        tile[2] = a02.reduceLanes(VectorOperators.ADD);
        tile[3] = a03.reduceLanes(VectorOperators.ADD);
        tile[4] = a10.reduceLanes(VectorOperators.ADD);
        tile[5] = a11.reduceLanes(VectorOperators.ADD);
        tile[6] = a12.reduceLanes(VectorOperators.ADD);
        tile[7] = a13.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float xa = x[x0 + i];
            float xb = x[x1 + i];
            float xc = x[x2 + i];
            float xd = x[x3 + i];
            tail(tile, 0, w[w0 + i], xa, xb, xc, xd);
            tail(tile, 4, w[w1 + i], xa, xb, xc, xd);
        }
    }

    /** Dot products of rows {@code w0 .. w3} with 4 inputs over {@code n} values: {@code tile[4 a + b] = w_a . x_b}. */
    static void tile4x4(float[] w, int w0, int w1, int w2, int w3, float[] x, int x0, int x1, int x2, int x3, int n,
                        float[] tile) {
        FloatVector a00 = FloatVector.zero(Lanes.F);
        FloatVector a01 = FloatVector.zero(Lanes.F);
        FloatVector a02 = FloatVector.zero(Lanes.F);
        FloatVector a03 = FloatVector.zero(Lanes.F);
        FloatVector a10 = FloatVector.zero(Lanes.F);
        FloatVector a11 = FloatVector.zero(Lanes.F);
        FloatVector a12 = FloatVector.zero(Lanes.F);
        FloatVector a13 = FloatVector.zero(Lanes.F);
        FloatVector a20 = FloatVector.zero(Lanes.F);
        FloatVector a21 = FloatVector.zero(Lanes.F);
        FloatVector a22 = FloatVector.zero(Lanes.F);
        FloatVector a23 = FloatVector.zero(Lanes.F);
        FloatVector a30 = FloatVector.zero(Lanes.F);
        FloatVector a31 = FloatVector.zero(Lanes.F);
        FloatVector a32 = FloatVector.zero(Lanes.F);
        FloatVector a33 = FloatVector.zero(Lanes.F);
        int i = 0;
        for (int bound = n - Lanes.L; i <= bound; i += Lanes.L) {
            FloatVector u0 = FloatVector.fromArray(Lanes.F, w, w0 + i);
            FloatVector u1 = FloatVector.fromArray(Lanes.F, w, w1 + i);
            FloatVector u2 = FloatVector.fromArray(Lanes.F, w, w2 + i);
            FloatVector u3 = FloatVector.fromArray(Lanes.F, w, w3 + i);
            FloatVector xv = FloatVector.fromArray(Lanes.F, x, x0 + i);
            a00 = u0.fma(xv, a00);
            a10 = u1.fma(xv, a10);
            a20 = u2.fma(xv, a20);
            a30 = u3.fma(xv, a30);
            xv = FloatVector.fromArray(Lanes.F, x, x1 + i);
            a01 = u0.fma(xv, a01);
            a11 = u1.fma(xv, a11);
            a21 = u2.fma(xv, a21);
            a31 = u3.fma(xv, a31);
            xv = FloatVector.fromArray(Lanes.F, x, x2 + i);
            a02 = u0.fma(xv, a02);
            a12 = u1.fma(xv, a12);
            a22 = u2.fma(xv, a22);
            a32 = u3.fma(xv, a32);
            xv = FloatVector.fromArray(Lanes.F, x, x3 + i);
            a03 = u0.fma(xv, a03);
            a13 = u1.fma(xv, a13);
            a23 = u2.fma(xv, a23);
            a33 = u3.fma(xv, a33);
        }
        tile[0] = a00.reduceLanes(VectorOperators.ADD);
        tile[1] = a01.reduceLanes(VectorOperators.ADD);
        tile[2] = a02.reduceLanes(VectorOperators.ADD);
        tile[3] = a03.reduceLanes(VectorOperators.ADD);
        tile[4] = a10.reduceLanes(VectorOperators.ADD);
        tile[5] = a11.reduceLanes(VectorOperators.ADD);
        tile[6] = a12.reduceLanes(VectorOperators.ADD);
        tile[7] = a13.reduceLanes(VectorOperators.ADD);
        tile[8] = a20.reduceLanes(VectorOperators.ADD);
        tile[9] = a21.reduceLanes(VectorOperators.ADD);
        tile[10] = a22.reduceLanes(VectorOperators.ADD);
        tile[11] = a23.reduceLanes(VectorOperators.ADD);
        tile[12] = a30.reduceLanes(VectorOperators.ADD);
        tile[13] = a31.reduceLanes(VectorOperators.ADD);
        tile[14] = a32.reduceLanes(VectorOperators.ADD);
        tile[15] = a33.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float xa = x[x0 + i];
            float xb = x[x1 + i];
            float xc = x[x2 + i];
            float xd = x[x3 + i];
            tail(tile, 0, w[w0 + i], xa, xb, xc, xd);
            tail(tile, 4, w[w1 + i], xa, xb, xc, xd);
            tail(tile, 8, w[w2 + i], xa, xb, xc, xd);
            tail(tile, 12, w[w3 + i], xa, xb, xc, xd);
        }
    }

    /** One value past the vector part: row {@code at / 4}'s weight {@code u} times each input's value. */
    private static void tail(float[] tile, int at, float u, float xa, float xb, float xc, float xd) {
        tile[at] += u * xa;
        tile[at + 1] += u * xb;
        tile[at + 2] += u * xc;
        tile[at + 3] += u * xd;
    }
}
