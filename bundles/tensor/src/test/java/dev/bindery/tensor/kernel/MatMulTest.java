package dev.bindery.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bindery.tensor.DType;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MatMulTest {
    private static Parallel single;
    private static Parallel three;

    @BeforeAll
    static void pools() {
        single = new Parallel(1);
        three = new Parallel(3, "matmul-test");
    }

    @AfterAll
    static void close() {
        single.close();
        three.close();
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0"})
    void matVecMatchesReferenceAndIsIdenticalOnAnyThreadCount(DType type) {
        Random rnd = new Random(41 + type.ordinal());
        int cols = type.isQuantized() ? 320 : 301;
        int rows = 203; // enough work to fan out
        byte[] data = Formats.randomBytes(rnd, type, rows, cols, 0);
        Matrix m = Formats.matrix(type, rows, cols, data, 0);
        float[] w = Formats.reference(type, rows, cols, data, 0);
        float[] x = Ref.randomFloats(rnd, cols + 1, 1f);
        float[] out1 = new float[rows + 2];
        float[] out3 = new float[rows + 2];
        MatMul.matVec(single, m, x, 1, out1, 2);
        MatMul.matVec(three, m, x, 1, out3, 2);
        assertArrayEquals(out1, out3, 0f, "the same row kernel runs whatever the thread");
        for (int r = 0; r < rows; r++) {
            assertEquals(Ref.dot(w, r * cols, x, 1, cols), out1[2 + r],
                    Ref.dotTolerance(Ref.absDot(w, r * cols, x, 1, cols), cols), "row " + r);
        }
        assertEquals(0f, out1[0], 0f);
        float[] plain = new float[rows];
        float[] x0 = java.util.Arrays.copyOfRange(x, 1, cols + 1);
        MatMul.matVec(m, x0, plain);
        assertArrayEquals(java.util.Arrays.copyOfRange(out1, 2, rows + 2), plain, 0f);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0"})
    void matMulEqualsRepeatedMatVec(DType type) {
        Random rnd = new Random(51 + type.ordinal());
        int cols = type.isQuantized() ? 96 : 37;
        for (int rows : new int[] {1, 2, 5, 67}) {
            byte[] data = Formats.randomBytes(rnd, type, rows, cols, 0);
            Matrix m = Formats.matrix(type, rows, cols, data, 0);
            float[] w = Formats.reference(type, rows, cols, data, 0);
            for (int n : new int[] {1, 2, 3, 4, 5, 7, 70}) {
                float[] x = Ref.randomFloats(rnd, 3 + n * cols, 1f);
                float[] batched = new float[1 + n * rows];
                MatMul.matMul(three, m, x, 3, n, batched, 1);
                float[] batchedSingle = new float[1 + n * rows];
                MatMul.matMul(single, m, x, 3, n, batchedSingle, 1);
                assertArrayEquals(batchedSingle, batched, 0f, "thread count must not change the result");
                float[] one = new float[rows];
                for (int i = 0; i < n; i++) {
                    MatMul.matVec(single, m, x, 3 + i * cols, one, 0);
                    for (int r = 0; r < rows; r++) {
                        double tol = 2 * Ref.dotTolerance(Ref.absDot(w, r * cols, x, 3 + i * cols, cols), cols);
                        assertEquals(one[r], batched[1 + i * rows + r], tol,
                                type + " rows=" + rows + " n=" + n + " input " + i + " row " + r);
                    }
                }
            }
        }
    }

    @Test
    void badSizesAreRejected() {
        Matrix m = new F32Matrix(4, 5, new float[20]);
        assertThrows(IndexOutOfBoundsException.class, () -> MatMul.matVec(m, new float[4], new float[4]));
        assertThrows(IndexOutOfBoundsException.class, () -> MatMul.matVec(m, new float[5], new float[3]));
        assertThrows(IndexOutOfBoundsException.class, () -> MatMul.matMul(m, new float[14], 3, new float[12]));
        assertThrows(IndexOutOfBoundsException.class, () -> MatMul.matMul(m, new float[15], 3, new float[11]));
        assertThrows(IllegalArgumentException.class, () -> MatMul.matMul(m, new float[15], -1, new float[12]));
    }
}
