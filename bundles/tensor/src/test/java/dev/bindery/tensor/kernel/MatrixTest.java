package dev.bindery.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.tensor.DType;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MatrixTest {

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0"})
    void rowsDecodeExactlyLikeTheCoreConverters(DType type) {
        Random rnd = new Random(21 + type.ordinal());
        for (int cols : Formats.colsFor(type)) {
            int rows = 5;
            byte[] data = Formats.randomBytes(rnd, type, rows, cols, 3);
            Matrix m = Formats.matrix(type, rows, cols, data, 3);
            float[] expected = Formats.reference(type, rows, cols, data, 3);
            assertEquals(type, m.dtype());
            assertArrayEquals(expected, m.toFloatArray(), 0f, type + " cols=" + cols);
            float[] row = new float[cols + 2];
            m.getRow(rows - 1, row, 2);
            for (int c = 0; c < cols; c++) {
                assertEquals(expected[(rows - 1) * cols + c], row[2 + c], 0f);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0"})
    void dotMatchesDequantisedDoubleReference(DType type) {
        Random rnd = new Random(31 + type.ordinal());
        for (int cols : Formats.colsFor(type)) {
            int rows = 7;
            byte[] data = Formats.randomBytes(rnd, type, rows, cols, 1);
            Matrix m = Formats.matrix(type, rows, cols, data, 1);
            float[] w = Formats.reference(type, rows, cols, data, 1);
            float[] x = Ref.randomFloats(rnd, cols + 4, 1f);
            for (int r = 0; r < rows; r++) {
                double expected = Ref.dot(w, r * cols, x, 4, cols);
                double tol = Ref.dotTolerance(Ref.absDot(w, r * cols, x, 4, cols), cols);
                assertEquals(expected, m.dot(r, x, 4), tol, type + " cols=" + cols + " row=" + r);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0"})
    void outOfRangeAccessIsRejected(DType type) {
        int cols = type.isQuantized() ? 64 : 9;
        Matrix m = Formats.matrix(type, 3, cols, Formats.randomBytes(new Random(1), type, 3, cols, 0), 0);
        assertThrows(IndexOutOfBoundsException.class, () -> m.dot(3, new float[cols], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> m.dot(0, new float[cols], 1));
        assertThrows(IndexOutOfBoundsException.class, () -> m.getRow(-1, new float[cols], 0));
        assertTrue(m.byteSize() > 0);
    }

    @org.junit.jupiter.api.Test
    void tooShortStorageAndPartialBlocksAreRejectedWithTheSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Q8_0Matrix(2, 64, new byte[4 * 34 - 1], 0));
        assertTrue(e.getMessage().contains("Q8_0") && e.getMessage().contains("135"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Q4_0Matrix(2, 48, new byte[1000], 0));
        assertThrows(IllegalArgumentException.class, () -> new F16Matrix(3, 3, new byte[18], 1));
        assertThrows(IllegalArgumentException.class, () -> new BF16Matrix(3, 3, new byte[17], 0));
        assertThrows(IllegalArgumentException.class, () -> new F32Matrix(3, 3, new float[10], 2));
        assertThrows(IllegalArgumentException.class, () -> new F32Matrix(-1, 3, new float[10]));
    }
}
