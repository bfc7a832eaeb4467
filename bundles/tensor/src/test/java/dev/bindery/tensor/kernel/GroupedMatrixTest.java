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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Q8_0 tensors with a multiple of 16 rows: repacked into row groups, same values and products; the scale checks
 * also for Q4_0 ({@link Int16Q4_0MatrixTest} has its products).
 */
class GroupedMatrixTest {
    private static Parallel single;
    private static Parallel three;

    @BeforeAll
    static void pools() {
        single = new Parallel(1);
        three = new Parallel(3, "grouped-test");
    }

    @AfterAll
    static void close() {
        single.close();
        three.close();
    }

    private static TensorData tensor(DType type, int rows, int cols, byte[] data) {
        return TensorData.of("blk.0.w", type, new long[] {rows, cols}, ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"Q8_0"}) // Q4_0: Int16Q4_0MatrixTest
    void repackedRowsDecodeExactlyAndMatchTheRowMajorKernel(DType type) {
        Random rnd = new Random(61 + type.ordinal());
        for (int rows : new int[] {16, 48, 80}) { // 80: one pass of four groups and one more
            for (int cols : new int[] {32, 96, 320, 1056}) {
                byte[] data = Formats.randomBytes(rnd, type, rows, cols, 0);
                Matrix grouped = Matrices.of(tensor(type, rows, cols, data));
                assertInstanceOf(RowGroups.class, grouped);
                assertEquals(type, grouped.dtype());
                Matrix rowMajor = Formats.matrix(type, rows, cols, data.clone(), 0);
                assertEquals(rowMajor.byteSize(), grouped.byteSize());
                float[] w = Formats.reference(type, rows, cols, data, 0);
                assertArrayEquals(w, grouped.toFloatArray(), 0f, type + " " + rows + " x " + cols);

                float[] x = Ref.randomFloats(rnd, cols + 3, 1f);
                float[] one = new float[rows + 1];
                float[] many = new float[rows + 1];
                float[] plain = new float[rows];
                MatMul.matVec(single, grouped, x, 3, one, 1);
                MatMul.matVec(three, grouped, x, 3, many, 1);
                MatMul.matVec(single, rowMajor, x, 3, plain, 0);
                assertArrayEquals(one, many, 0f, "the same group kernel runs whatever the thread");
                assertEquals(0f, one[0], 0f);
                for (int r = 0; r < rows; r++) {
                    double tol = Ref.dotTolerance(Ref.absDot(w, r * cols, x, 3, cols), cols);
                    String where = type + " " + rows + " x " + cols + " row " + r;
                    assertEquals(Ref.dot(w, r * cols, x, 3, cols), one[1 + r], tol, where);
                    assertEquals(plain[r], one[1 + r], 2 * tol, where);
                    assertEquals(one[1 + r], grouped.dot(r, x, 3), 2 * tol, where);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"Q8_0"})
    void batchedProductsEqualRepeatedMatVec(DType type) {
        Random rnd = new Random(71 + type.ordinal());
        int rows = 32;
        int cols = 160;
        byte[] data = Formats.randomBytes(rnd, type, rows, cols, 0);
        Matrix m = Matrices.of(tensor(type, rows, cols, data));
        float[] w = Formats.reference(type, rows, cols, data, 0);
        for (int n : new int[] {2, 3, 4, 5, 9}) {
            float[] x = Ref.randomFloats(rnd, 2 + n * cols, 1f);
            float[] batched = new float[1 + n * rows];
            float[] batchedSingle = new float[1 + n * rows];
            MatMul.matMul(three, m, x, 2, n, batched, 1);
            MatMul.matMul(single, m, x, 2, n, batchedSingle, 1);
            assertArrayEquals(batchedSingle, batched, 0f, "thread count must not change the result");
            float[] one = new float[rows];
            for (int i = 0; i < n; i++) {
                MatMul.matVec(single, m, x, 2 + i * cols, one, 0);
                for (int r = 0; r < rows; r++) {
                    double tol = 2 * Ref.dotTolerance(Ref.absDot(w, r * cols, x, 2 + i * cols, cols), cols);
                    assertEquals(one[r], batched[1 + i * rows + r], tol, type + " n=" + n + " input " + i + " row " + r);
                }
            }
        }
    }

    /** A machine runs batched products in passes of eight inputs or of four; each input's numbers must not differ. */
    @Test
    void eightInputPassesEqualFourInputPassesBitForBit() {
        Random rnd = new Random(73);
        int rows = 32;
        int cols = 1056;
        byte[] data = Formats.randomBytes(rnd, DType.Q8_0, rows, cols, 0);
        RowGroups m = (RowGroups) Matrices.of(tensor(DType.Q8_0, rows, cols, data));
        float[] x = Ref.randomFloats(rnd, 5 + 8 * cols, 1f);
        int[] xs = new int[8];
        for (int i = 0; i < 8; i++) {
            xs[i] = 5 + i * cols;
        }
        for (int g = 0; g < rows / RowGroups.ROWS; g++) {
            float[] eight = new float[8 * RowGroups.ROWS];
            m.dotGroup8(g, x, xs, eight);
            float[] four = new float[8 * RowGroups.ROWS];
            float[] tile = new float[4 * RowGroups.ROWS];
            m.dotGroup4(g, x, xs[0], xs[1], xs[2], xs[3], tile);
            System.arraycopy(tile, 0, four, 0, tile.length);
            m.dotGroup4(g, x, xs[4], xs[5], xs[6], xs[7], tile);
            System.arraycopy(tile, 0, four, tile.length, tile.length);
            assertArrayEquals(four, eight, 0f, "group " + g);
            float[] single = new float[RowGroups.ROWS];
            m.dotGroup(g, x, xs[7], single, 0);
            for (int l = 0; l < RowGroups.ROWS; l++) {
                int row = g * RowGroups.ROWS + l;
                double tol = 2 * Ref.dotTolerance(Ref.absDot(Formats.reference(DType.Q8_0, rows, cols, data, 0),
                        row * cols, x, xs[7], cols), cols);
                assertEquals(single[l], eight[7 * RowGroups.ROWS + l], tol, "group " + g + " row " + l);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"Q8_0", "Q4_0"})
    void subnormalAndNegativeScalesConvertExactly(DType type) {
        int rows = 16;
        int cols = 64;
        Random rnd = new Random(81);
        byte[] data = Formats.randomBytes(rnd, type, rows, cols, 0);
        short[] scales = {0x0001, (short) 0x83ff, 0x0000, (short) 0x8000, 0x7bff, (short) 0xfbff, 0x0400, 0x3c00};
        for (int at = 0, i = 0; at < data.length; at += type.bytesPerBlock(), i++) {
            short s = scales[i % scales.length];
            data[at] = (byte) s;
            data[at + 1] = (byte) (s >>> 8);
        }
        Matrix m = Matrices.of(tensor(type, rows, cols, data));
        float[] w = Formats.reference(type, rows, cols, data, 0);
        assertArrayEquals(w, m.toFloatArray(), 0f);
        float[] x = new float[cols];
        Arrays.fill(x, 1f);
        float[] out = new float[rows];
        MatMul.matVec(single, m, x, 0, out, 0);
        for (int r = 0; r < rows; r++) {
            double tol = Ref.dotTolerance(Ref.absDot(w, r * cols, x, 0, cols), cols);
            assertEquals(Ref.dot(w, r * cols, x, 0, cols), out[r], tol, "row " + r);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"Q8_0", "Q4_0"})
    void aNonFiniteScaleIsRefusedNamingTensorRowAndBlock(DType type) {
        int rows = 16;
        int cols = 64;
        byte[] data = Formats.randomBytes(new Random(91), type, rows, cols, 0);
        int at = (5 * 2 + 1) * type.bytesPerBlock(); // row 5, block 1
        data[at] = 0;
        data[at + 1] = (byte) 0x7c; // +infinity
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Matrices.of(tensor(type, rows, cols, data)));
        assertTrue(e.getMessage().contains("'blk.0.w'") && e.getMessage().contains("row 5, block 1")
                && e.getMessage().contains("Infinity"), e.getMessage());
    }

    @Test
    void otherRowCountsKeepTheFileLayout() {
        byte[] data = Formats.randomBytes(new Random(3), DType.Q4_0, 17, 64, 0);
        assertInstanceOf(Q4_0Matrix.class, Matrices.of(tensor(DType.Q4_0, 17, 64, data)));
        byte[] q8 = Formats.randomBytes(new Random(4), DType.Q8_0, 8, 64, 0);
        assertInstanceOf(Q8_0Matrix.class, Matrices.of(tensor(DType.Q8_0, 8, 64, q8)));
    }
}
