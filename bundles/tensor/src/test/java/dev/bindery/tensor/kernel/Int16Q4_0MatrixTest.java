package dev.bindery.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.tensor.DType;
import dev.bindery.tensor.TensorData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Q4_0 matrices with a multiple of 16 rows: block sums in 16-bit integers against the input quantised to 8 bits per
 * block. The integer part is exact, so the products equal a double-precision reference on the quantised input up to
 * float rounding; against the float input they differ by at most the input's rounding error.
 */
class Int16Q4_0MatrixTest {
    private static Parallel single;
    private static Parallel three;

    @BeforeAll
    static void pools() {
        single = new Parallel(1);
        three = new Parallel(3, "int16-test");
    }

    @AfterAll
    static void close() {
        single.close();
        three.close();
    }

    private static TensorData tensor(int rows, int cols, byte[] data) {
        return TensorData.of("blk.0.w", DType.Q4_0, new long[] {rows, cols}, ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN));
    }

    /** The input as the kernel sees it: per block of 32, {@code d = max|x| / 127} and {@code round(x / d)}. */
    private static double[] quantised(float[] x, int offset, int cols) {
        double[] q = new double[cols];
        for (int b = 0; b < cols / 32; b++) {
            float amax = 0;
            for (int j = 0; j < 32; j++) {
                amax = Math.max(amax, Math.abs(x[offset + 32 * b + j]));
            }
            float d = amax / 127;
            float id = d != 0 ? 1 / d : 0;
            for (int j = 0; j < 32; j++) {
                int v = Math.round(x[offset + 32 * b + j] * id);
                assertTrue(Math.abs(v) <= 127);
                q[32 * b + j] = (double) v * d;
            }
        }
        return q;
    }

    private static double dot(float[] w, int row, double[] x) {
        double s = 0;
        for (int c = 0; c < x.length; c++) {
            s += w[row * x.length + c] * x[c];
        }
        return s;
    }

    private static double absDot(float[] w, int row, double[] x) {
        double s = 0;
        for (int c = 0; c < x.length; c++) {
            s += Math.abs(w[row * x.length + c] * x[c]);
        }
        return s;
    }

    @Test
    void productsAreExactOnTheQuantisedInputAndCloseToTheFloatOne() {
        Random rnd = new Random(17);
        for (int rows : new int[] {16, 48, 80}) { // 80: one pass of four groups and one more
            for (int cols : new int[] {32, 96, 1056}) {
                byte[] data = Formats.randomBytes(rnd, DType.Q4_0, rows, cols, 0);
                Matrix m = Matrices.of(tensor(rows, cols, data));
                assertInstanceOf(Int16Q4_0Matrix.class, m);
                assertEquals(Formats.matrix(DType.Q4_0, rows, cols, data.clone(), 0).byteSize(), m.byteSize());
                float[] w = Formats.reference(DType.Q4_0, rows, cols, data, 0);
                assertArrayEquals(w, m.toFloatArray(), 0f, rows + " x " + cols);

                float[] x = Ref.randomFloats(rnd, cols + 3, 1f);
                double[] q = quantised(x, 3, cols);
                float[] one = new float[rows + 1];
                float[] many = new float[rows + 1];
                MatMul.matVec(single, m, x, 3, one, 1);
                MatMul.matVec(three, m, x, 3, many, 1);
                assertArrayEquals(one, many, 0f, "the same group kernel runs whatever the thread");
                assertEquals(0f, one[0], 0f);
                for (int r = 0; r < rows; r++) {
                    String where = rows + " x " + cols + " row " + r;
                    double exact = Ref.dot(w, r * cols, x, 3, cols);
                    // per value the input moves by at most half its block's step d
                    double inputError = 0;
                    for (int c = 0; c < cols; c++) {
                        inputError += Math.abs(w[r * cols + c] * (q[c] - x[3 + c]));
                    }
                    assertEquals(dot(w, r, q), one[1 + r], Ref.dotTolerance(absDot(w, r, q), cols), where);
                    assertEquals(exact, one[1 + r], inputError + Ref.dotTolerance(absDot(w, r, q), cols), where);
                    assertEquals(exact, m.dot(r, x, 3), Ref.dotTolerance(Ref.absDot(w, r * cols, x, 3, cols), cols),
                            "dot keeps the float input: " + where);
                }
            }
        }
    }

    @Test
    void theLargestBlockSumsDoNotOverflow() {
        int rows = 32;
        int cols = 64;
        byte[] data = Formats.randomBytes(new Random(5), DType.Q4_0, rows, cols, 0);
        // rows alternate between all nibbles 0 (value -8) and all 15 (value 7); the input is the largest in its block
        for (int r = 0; r < rows; r++) {
            for (int b = 0; b < cols / 32; b++) {
                int at = (r * cols / 32 + b) * 18;
                Arrays.fill(data, at + 2, at + 18, (byte) (r % 2 == 0 ? 0x00 : 0xff));
            }
        }
        Matrix m = Matrices.of(tensor(rows, cols, data));
        float[] w = Formats.reference(DType.Q4_0, rows, cols, data, 0);
        float[] x = new float[cols];
        Arrays.fill(x, 0, 32, 3.5f);
        Arrays.fill(x, 32, 64, -0.25f);
        float[] out = new float[rows];
        MatMul.matVec(single, m, x, 0, out, 0);
        for (int r = 0; r < rows; r++) {
            double exact = Ref.dot(w, r * cols, x, 0, cols);
            assertEquals(exact, out[r], Ref.dotTolerance(Ref.absDot(w, r * cols, x, 0, cols), cols), "row " + r);
        }
    }

    @Test
    void batchedProductsEqualRepeatedMatVecExactly() {
        Random rnd = new Random(23);
        int rows = 80; // a pass of four groups and one more
        int cols = 160;
        Matrix m = Matrices.of(tensor(rows, cols, Formats.randomBytes(rnd, DType.Q4_0, rows, cols, 0)));
        for (int n : new int[] {2, 3, 4, 5, 9}) {
            float[] x = Ref.randomFloats(rnd, 2 + n * cols, 1f);
            float[] batched = new float[1 + n * rows];
            float[] batchedSingle = new float[1 + n * rows];
            MatMul.matMul(three, m, x, 2, n, batched, 1);
            MatMul.matMul(single, m, x, 2, n, batchedSingle, 1);
            assertArrayEquals(batchedSingle, batched, 0f, "thread count must not change the result");
            assertEquals(0f, batched[0], 0f);
            float[] one = new float[rows];
            for (int i = 0; i < n; i++) {
                MatMul.matVec(single, m, x, 2 + i * cols, one, 0);
                assertArrayEquals(one, Arrays.copyOfRange(batched, 1 + i * rows, 1 + (i + 1) * rows), 0f,
                        "n=" + n + " input " + i);
            }
        }
    }

    @Test
    void aBlockOfZerosGivesZeroAndANonFiniteInputGivesNaN() {
        int rows = 32;
        int cols = 96;
        Matrix m = Matrices.of(tensor(rows, cols, Formats.randomBytes(new Random(29), DType.Q4_0, rows, cols, 0)));
        float[] out = new float[rows];
        MatMul.matVec(single, m, new float[cols], 0, out, 0);
        assertArrayEquals(new float[rows], out, 0f);
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
            float[] x = Ref.randomFloats(new Random(31), cols, 1f);
            x[40] = bad;
            MatMul.matVec(single, m, x, 0, out, 0);
            for (int r = 0; r < rows; r++) {
                assertTrue(Float.isNaN(out[r]), bad + " in the input, row " + r + ": " + out[r]);
            }
        }
    }

    @Test
    void aNonFiniteScaleIsRefusedNamingTensorRowAndBlock() {
        int rows = 32;
        int cols = 64;
        byte[] data = Formats.randomBytes(new Random(37), DType.Q4_0, rows, cols, 0);
        int at = (21 * 2 + 1) * 18; // row 21, block 1
        data[at] = 0;
        data[at + 1] = (byte) 0xfe; // NaN
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Matrices.of(tensor(rows, cols, data)));
        assertTrue(e.getMessage().contains("'blk.0.w'") && e.getMessage().contains("row 21, block 1")
                && e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void rowCountsThatAreNotAMultipleOfSixteenKeepTheFileLayout() {
        byte[] data = Formats.randomBytes(new Random(41), DType.Q4_0, 40, 64, 0);
        assertInstanceOf(Q4_0Matrix.class, Matrices.of(tensor(40, 64, data)));
        assertInstanceOf(Int16Q4_0Matrix.class, Matrices.of(tensor(48, 64, Formats.randomBytes(new Random(43), DType.Q4_0, 48, 64, 0))));
    }
}
