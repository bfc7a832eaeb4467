package dev.bindery.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FloatTilesTest {

    /** A machine picks one tile for all its batched products; the other must give the very same numbers. */
    @ParameterizedTest
    @ValueSource(ints = {1, 15, 16, 37, 100, 4096})
    void fourRowTilesEqualTwoRowTilesBitForBit(int n) {
        Random rnd = new Random(n);
        float[] w = Ref.randomFloats(rnd, 5 + 4 * n, 1f);
        float[] x = Ref.randomFloats(rnd, 2 + 4 * n, 1f);
        int[] rows = {5, 5 + n, 5 + 2 * n, 5 + 3 * n};
        int[] inputs = {2, 2 + n, 2 + 2 * n, 2 + 3 * n};

        float[] four = new float[16];
        FloatTiles.tile4x4(w, rows[0], rows[1], rows[2], rows[3], x, inputs[0], inputs[1], inputs[2], inputs[3], n,
                four);
        float[] two = new float[16];
        float[] half = new float[8];
        FloatTiles.tile2x4(w, rows[0], rows[1], x, inputs[0], inputs[1], inputs[2], inputs[3], n, half);
        System.arraycopy(half, 0, two, 0, 8);
        FloatTiles.tile2x4(w, rows[2], rows[3], x, inputs[0], inputs[1], inputs[2], inputs[3], n, half);
        System.arraycopy(half, 0, two, 8, 8);
        assertArrayEquals(two, four, 0f);

        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                double exact = 0;
                double magnitude = 0;
                for (int i = 0; i < n; i++) {
                    exact += (double) w[rows[a] + i] * x[inputs[b] + i];
                    magnitude += Math.abs((double) w[rows[a] + i] * x[inputs[b] + i]);
                }
                assertEquals(exact, four[4 * a + b], Ref.dotTolerance(magnitude, n), "row " + a + " input " + b);
            }
        }
    }
}
