package dev.bindery.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.tensor.DType;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Single half rows scored against a permuted vector agree with the exactly decoded row, at every odd length; the
 * finite-row forms give the very same bits.
 */
class HalfRowsTest {
    @Test
    void permutedDotEqualsTheDotOfTheDecodedRow() {
        Random rnd = new Random(3);
        for (int n : Ref.ODD_SIZES) {
            int pad = 5;
            byte[] data = Formats.randomBytes(rnd, DType.F16, 1, n, pad);
            float[] row = Formats.reference(DType.F16, 1, n, data, pad);
            float[] x = Ref.randomFloats(rnd, n, 1f);
            float[] xp = new float[n + 2];
            HalfRows.permute(x, 0, xp, 2, n);
            double expected = Ref.dot(row, 0, x, 0, n);
            double tolerance = Ref.dotTolerance(Ref.absDot(row, 0, x, 0, n), n);
            assertEquals(expected, HalfRows.dotPermuted(data, pad, n, xp, 2), tolerance, "n=" + n);
            // a row decoded in kernel order is a prepared query for itself
            float[] self = new float[n];
            HalfRows.decodePermuted(data, pad, n, self, 0);
            assertEquals(Ref.dot(row, 0, row, 0, n), HalfRows.dotPermuted(data, pad, n, self, 0),
                    Ref.dotTolerance(Ref.absDot(row, 0, row, 0, n), n), "self n=" + n);
        }
    }

    /** Every finite half pattern but infinities and NaN, subnormals and the largest values included, in random order. */
    private static byte[] finiteHalves(Random rnd, int rows, int n, int pad) {
        byte[] data = new byte[pad + 2 * rows * n];
        for (int i = 0; i < rows * n; i++) {
            int h;
            do {
                h = switch (rnd.nextInt(4)) {
                    case 0 -> rnd.nextInt(0x400) | (rnd.nextBoolean() ? 0x8000 : 0); // zero and subnormals
                    case 1 -> rnd.nextBoolean() ? 0x7bff : 0xfbff;                 // +-65504
                    default -> rnd.nextInt(1 << 16);
                };
            } while ((h & 0x7c00) == 0x7c00);
            data[pad + 2 * i] = (byte) h;
            data[pad + 2 * i + 1] = (byte) (h >>> 8);
        }
        return data;
    }

    @Test
    void finiteRowsScoreTheSameBitsAsTheExactKernel() {
        Random rnd = new Random(11);
        for (int n : Ref.ODD_SIZES) {
            for (int rows : new int[] {1, 2, 5}) {
                int pad = 3;
                byte[] data = finiteHalves(rnd, rows, n, pad);
                float[] x = Ref.randomFloats(rnd, n, 1f);
                x[0] = 0x1p-140f;                // a subnormal input stays exact once scaled
                x[n - 1] = HalfRows.MAX_FINITE_INPUT;
                float[] xp = new float[n];
                HalfRows.permute(x, 0, xp, 0, n);
                float[] prepared = new float[n + 1];
                assertTrue(HalfRows.prepareFinite(x, 0, prepared, 1, n));
                float[] scores = new float[rows + 2];
                HalfRows.dotsFinite(data, pad, rows, n, prepared, 1, scores, 2);
                float[] decoded = new float[rows * n];
                HalfRows.decodeFinite(data, pad, rows, n, decoded, 0);
                float[] exactRow = new float[n];
                for (int r = 0; r < rows; r++) {
                    float exact = HalfRows.dotPermuted(data, pad + 2 * n * r, n, xp, 0);
                    assertEquals(Float.floatToIntBits(exact), Float.floatToIntBits(scores[2 + r]),
                            "n=" + n + " rows=" + rows + " row " + r + ": " + exact + " vs " + scores[2 + r]);
                    // decoded * prepared is the exact product of the half and the input, value by value
                    HalfRows.decodePermuted(data, pad + 2 * n * r, n, exactRow, 0);
                    for (int i = 0; i < n; i++) {
                        assertEquals((double) exactRow[i] * xp[i], (double) decoded[r * n + i] * prepared[1 + i],
                                "n=" + n + " row " + r + " value " + i);
                    }
                }
            }
        }
    }

    @Test
    void inputsTheFiniteFormCannotScaleAreRefused() {
        float[] dst = new float[4];
        assertFalse(HalfRows.prepareFinite(new float[] {1, Float.NaN, 0, 0}, 0, dst, 0, 4));
        assertFalse(HalfRows.prepareFinite(new float[] {1, 0, Float.NEGATIVE_INFINITY, 0}, 0, dst, 0, 4));
        assertFalse(HalfRows.prepareFinite(new float[] {1, 0, 0, -0x1.000002p15f}, 0, dst, 0, 4));
        assertTrue(HalfRows.prepareFinite(new float[] {1, 0, 0, -0x1p15f}, 0, dst, 0, 4));
    }

    @Test
    void shortArraysAreRefused() {
        assertThrows(IndexOutOfBoundsException.class, () -> HalfRows.dotPermuted(new byte[64], 0, 32, new float[31], 0));
        assertThrows(IllegalArgumentException.class, () -> HalfRows.dotPermuted(new byte[63], 0, 32, new float[32], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> HalfRows.permute(new float[8], 0, new float[7], 0, 8));
        assertThrows(IndexOutOfBoundsException.class,
                () -> HalfRows.dotsFinite(new byte[127], 0, 2, 32, new float[32], 0, new float[2], 0));
        assertThrows(IndexOutOfBoundsException.class,
                () -> HalfRows.dotsFinite(new byte[128], 0, 2, 32, new float[32], 0, new float[1], 0));
        assertThrows(IndexOutOfBoundsException.class,
                () -> HalfRows.decodeFinite(new byte[128], 0, 2, 32, new float[63], 0));
    }
}
