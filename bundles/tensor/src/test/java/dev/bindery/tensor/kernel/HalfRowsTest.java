package dev.bindery.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bindery.tensor.DType;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Single half rows scored against a permuted vector agree with the exactly decoded row, at every odd length. */
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

    @Test
    void shortArraysAreRefused() {
        assertThrows(IndexOutOfBoundsException.class, () -> HalfRows.dotPermuted(new byte[64], 0, 32, new float[31], 0));
        assertThrows(IllegalArgumentException.class, () -> HalfRows.dotPermuted(new byte[63], 0, 32, new float[32], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> HalfRows.permute(new float[8], 0, new float[7], 0, 8));
    }
}
