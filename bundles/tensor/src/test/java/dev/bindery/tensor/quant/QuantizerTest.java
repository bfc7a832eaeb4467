package dev.bindery.tensor.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.tensor.DType;
import dev.bindery.tensor.Float16;
import dev.bindery.tensor.TensorData;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuantizerTest {

    // ---- straightforward transcriptions of ggml's reference quantisers, written for the test ----

    /** C roundf via double arithmetic (v + 0.5 is exact in double, so floor gives the right integer). */
    private static int roundf(float v) {
        return v >= 0 ? (int) Math.floor(v + 0.5) : -(int) Math.floor(-(double) v + 0.5);
    }

    private static byte[] referenceQ8_0(float[] x) {
        byte[] y = new byte[x.length / 32 * 34];
        for (int i = 0; i < x.length / 32; i++) {
            float amax = 0;
            for (int j = 0; j < 32; j++) {
                amax = Math.max(amax, Math.abs(x[i * 32 + j]));
            }
            float d = amax / 127;
            float id = d != 0 ? 1 / d : 0;
            short h = Float16.fromFloat(d);
            y[i * 34] = (byte) h;
            y[i * 34 + 1] = (byte) (h >> 8);
            for (int j = 0; j < 32; j++) {
                y[i * 34 + 2 + j] = (byte) roundf(x[i * 32 + j] * id);
            }
        }
        return y;
    }

    private static byte[] referenceQ4_0(float[] x) {
        byte[] y = new byte[x.length / 32 * 18];
        for (int i = 0; i < x.length / 32; i++) {
            float amax = 0;
            float max = 0;
            for (int j = 0; j < 32; j++) {
                float v = x[i * 32 + j];
                if (amax < Math.abs(v)) {
                    amax = Math.abs(v);
                    max = v;
                }
            }
            float d = max / -8;
            float id = d != 0 ? 1 / d : 0;
            short h = Float16.fromFloat(d);
            y[i * 18] = (byte) h;
            y[i * 18 + 1] = (byte) (h >> 8);
            for (int j = 0; j < 16; j++) {
                float x0 = x[i * 32 + j] * id;
                float x1 = x[i * 32 + 16 + j] * id;
                int q0 = Math.min(15, (int) (x0 + 8.5f));
                int q1 = Math.min(15, (int) (x1 + 8.5f));
                y[i * 18 + 2 + j] = (byte) (q0 | (q1 << 4));
            }
        }
        return y;
    }

    private static float[] randomValues(Random rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            // mixed magnitudes per block, some exact ties after scaling, some zero blocks
            int block = i / 32;
            double scale = block % 7 == 3 ? 0 : Math.pow(10, (block % 5) - 2);
            x[i] = (float) (rnd.nextGaussian() * scale);
            if (i % 13 == 0) {
                x[i] = Math.round(x[i] * 4) / 4f;
            }
        }
        return x;
    }

    @Test
    void q8_0IsBitExactWithTheReferenceOnRandomBlocks() {
        Random rnd = new Random(91);
        float[] x = randomValues(rnd, 32 * 300);
        byte[] out = new byte[1 + 300 * 34];
        Q8_0Quantizer.quantizeRow(x, 0, x.length, out, 1);
        byte[] expected = referenceQ8_0(x);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], out[1 + i], "byte " + i);
        }
    }

    @Test
    void q4_0IsBitExactWithTheReferenceOnRandomBlocks() {
        Random rnd = new Random(92);
        float[] x = randomValues(rnd, 32 * 300);
        byte[] out = new byte[300 * 18];
        Q4_0Quantizer.quantizeRow(x, 0, x.length, out, 0);
        assertArrayEquals(referenceQ4_0(x), out);
    }

    @Test
    void q8_0RoundsHalvesAwayFromZero() {
        float[] x = new float[32];
        x[0] = 127f; // amax 127: d = 1, id = 1
        x[1] = 2.5f;
        x[2] = -2.5f;
        x[3] = 0.5f;
        x[4] = -0.5f;
        x[5] = 1.5f;
        x[6] = -127f;
        x[7] = 0.49999997f;
        byte[] out = new byte[34];
        Q8_0Quantizer.quantizeRow(x, 0, 32, out, 0);
        assertEquals(0x00, out[0] & 0xff);
        assertEquals(0x3c, out[1] & 0xff, "d = 1.0 as half 0x3c00");
        byte[] q = {127, 3, -3, 1, -1, 2, -127, 0};
        for (int j = 0; j < q.length; j++) {
            assertEquals(q[j], out[2 + j], "value " + x[j]);
        }
        assertEquals(0, out[2 + 31]);
    }

    @Test
    void q4_0UsesTheSignedMaximumTruncatesAndClamps() {
        float[] x = new float[32];
        x[0] = -8f;   // largest magnitude, first: max = -8, d = 1, id = 1
        x[1] = 8f;    // same magnitude, later: does not replace max; 16.5 -> 16 -> clamped to 15
        x[2] = 7f;    // 15.5 -> 15
        x[3] = 0.5f;  // 9
        x[4] = -0.5f; // 8.0 -> 8
        x[5] = -7.6f; // 0.9 -> 0
        x[16] = 3.2f; // high nibble of byte 0: 11.7 -> 11
        x[17] = -3.9f; // high nibble of byte 1: 4.6 -> 4
        byte[] out = new byte[18];
        Q4_0Quantizer.quantizeRow(x, 0, 32, out, 0);
        assertEquals(0x3c00, (out[0] & 0xff) | ((out[1] & 0xff) << 8), "d = 1.0");
        int[] low = {0, 15, 15, 9, 8, 0};
        for (int j = 0; j < low.length; j++) {
            assertEquals(low[j], out[2 + j] & 0x0f, "low nibble " + j);
        }
        assertEquals(11, (out[2] & 0xff) >>> 4);
        assertEquals(4, (out[3] & 0xff) >>> 4);
        assertEquals(8, (out[2 + 15] & 0xff) >>> 4, "zero maps to 8");
    }

    @Test
    void zeroBlocksKeepGgmlsSignedZeroScale() {
        float[] x = new float[32];
        byte[] q8 = new byte[34];
        byte[] q4 = new byte[18];
        Q8_0Quantizer.quantizeRow(x, 0, 32, q8, 0);
        Q4_0Quantizer.quantizeRow(x, 0, 32, q4, 0);
        assertEquals(0, q8[0] | q8[1], "0/127 = +0");
        assertEquals(0x8000, (q4[0] & 0xff) | ((q4[1] & 0xff) << 8), "0/-8 = -0");
        for (int j = 2; j < 18; j++) {
            assertEquals((byte) 0x88, q4[j]);
        }
    }

    @Test
    void dequantisedValuesStayWithinTheQuantisationStep() {
        Random rnd = new Random(93);
        float[] x = randomValues(rnd, 32 * 64);
        TensorData q8 = Quantizer.quantize("w8", new long[] {2, 32 * 32}, x, DType.Q8_0);
        TensorData q4 = Quantizer.quantize("w4", new long[] {64, 32}, x, DType.Q4_0);
        assertEquals(DType.Q8_0, q8.dtype());
        assertEquals(DType.Q4_0, q4.dtype());
        assertArrayEquals(new long[] {64, 32}, q4.shape());
        float[] d8 = q8.toFloatArray();
        float[] d4 = q4.toFloatArray();
        for (int b = 0; b < 64; b++) {
            float amax = 0;
            for (int j = 0; j < 32; j++) {
                amax = Math.max(amax, Math.abs(x[b * 32 + j]));
            }
            // half a step, plus the f16 rounding of the scale (2^-11 relative, times at most 127 or 8 steps)
            double step8 = amax / 127.0;
            double step4 = amax / 8.0;
            for (int j = 0; j < 32; j++) {
                int i = b * 32 + j;
                assertTrue(Math.abs(x[i] - d8[i]) <= step8 * (0.5 + 127 * 0x1p-11) + 1e-30, "q8 " + i);
                // the value opposite to the maximum is clamped from 8 to 7 steps: up to one full step
                assertTrue(Math.abs(x[i] - d4[i]) <= step4 * (1.0 + 8 * 0x1p-11) + 1e-30, "q4 " + i);
            }
        }
    }

    @Test
    void quantiseTensorDataOfOtherFloatTypes() {
        Random rnd = new Random(94);
        float[] x = randomValues(rnd, 64);
        TensorData f16 = TensorData.ofFloatsAsF16("h", new long[] {2, 32}, x);
        TensorData q = Quantizer.quantize(f16, DType.Q8_0);
        assertEquals("h", q.name());
        byte[] expected = referenceQ8_0(f16.toFloatArray());
        byte[] actual = new byte[(int) q.byteSize()];
        q.bytes().get(actual);
        assertArrayEquals(expected, actual);
    }

    @Test
    void badInputIsRejectedWithTheTensorNameAndIndex() {
        float[] x = new float[64];
        x[40] = Float.NaN;
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> Quantizer.quantize("layers.0.wq", new long[] {2, 32}, x, DType.Q8_0));
        assertTrue(nan.getMessage().contains("layers.0.wq") && nan.getMessage().contains("40"), nan.getMessage());
        x[40] = Float.POSITIVE_INFINITY;
        assertThrows(IllegalArgumentException.class, () -> Quantizer.quantize("t", new long[] {2, 32}, x, DType.Q4_0));
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> Quantizer.quantize("t", new long[] {4, 16}, new float[64], DType.Q8_0));
        assertTrue(shape.getMessage().contains("'t'") && shape.getMessage().contains("16"), shape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Quantizer.quantize("t", new long[] {3, 32}, new float[64], DType.Q8_0));
        assertThrows(IllegalArgumentException.class, () -> Quantizer.quantize("t", new long[] {2, 32}, new float[64], DType.Q4_K));
        float[] huge = new float[32];
        huge[0] = 1e30f;
        assertThrows(IllegalArgumentException.class, () -> Quantizer.quantize("big", new long[] {32}, huge, DType.Q8_0));
        TensorData ints = TensorData.ofLongs("ids", new long[] {32}, new long[32]);
        assertThrows(IllegalArgumentException.class, () -> Quantizer.quantize(ints, DType.Q8_0));
        assertThrows(IllegalArgumentException.class, () -> Q8_0Quantizer.quantizeRow(new float[40], 0, 40, new byte[100], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> Q4_0Quantizer.quantizeRow(new float[32], 0, 32, new byte[17], 0));
    }
}
