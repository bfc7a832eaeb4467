package dev.bindery.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hand-packed blocks: the test chooses the logical content (scales, mins, quants), packs it per the ggml block
 * layouts, and expects {@code toFloatArray} to give the documented formula's values.
 */
class DequantizerTest {
    private final Random rnd = new Random(42);

    @Test
    void q8_0IsScaleTimesSignedByte() {
        int blocks = 3;
        ByteBuffer b = le(blocks * 34);
        float[] expected = new float[blocks * 32];
        for (int k = 0; k < blocks; k++) {
            short d = Float16.fromFloat(0.01f * (k + 1));
            b.putShort(k * 34, d);
            for (int j = 0; j < 32; j++) {
                byte q = (byte) (rnd.nextInt(256) - 128);
                b.put(k * 34 + 2 + j, q);
                expected[k * 32 + j] = Float16.toFloat(d) * q;
            }
        }
        assertArrayEquals(expected, TensorData.of("q8", DType.Q8_0, new long[] {blocks * 32}, b).toFloatArray());
    }

    @Test
    void q4_0IsScaleTimesNibbleMinusEight() {
        ByteBuffer b = le(2 * 18);
        float[] expected = new float[64];
        for (int k = 0; k < 2; k++) {
            short d = Float16.fromFloat(-0.37f + k);
            b.putShort(k * 18, d);
            int[] q = new int[32];
            for (int j = 0; j < 32; j++) {
                q[j] = rnd.nextInt(16);
                expected[k * 32 + j] = (q[j] - 8) * Float16.toFloat(d);
            }
            for (int j = 0; j < 16; j++) {
                b.put(k * 18 + 2 + j, (byte) (q[j] | (q[j + 16] << 4))); // first half low nibbles, second half high
            }
        }
        assertArrayEquals(expected, TensorData.of("q4", DType.Q4_0, new long[] {2, 32}, b).toFloatArray());
    }

    @Test
    void q4_KIsSubBlockScaleTimesNibbleMinusSubBlockMin() {
        int blocks = 2;
        ByteBuffer b = le(blocks * 144);
        float[] expected = new float[blocks * 256];
        for (int k = 0; k < blocks; k++) {
            int at = k * 144;
            short d = Float16.fromFloat(0.0123f * (k + 1));
            short dmin = Float16.fromFloat(0.0071f);
            b.putShort(at, d).putShort(at + 2, dmin);
            int[] sc = new int[8];
            int[] mn = new int[8];
            for (int s = 0; s < 8; s++) {
                sc[s] = rnd.nextInt(64);
                mn[s] = rnd.nextInt(64);
            }
            // 12 scale bytes: sub-blocks 0-3 keep 6 bits in bytes 0-3 (scales) and 4-7 (mins);
            // sub-blocks 4-7 keep their low 4 bits in bytes 8-11 and their top 2 bits in bits 6-7 of bytes 0-7.
            int[] packed = new int[12];
            for (int s = 0; s < 4; s++) {
                packed[s] = sc[s];
                packed[s + 4] = mn[s];
            }
            for (int s = 4; s < 8; s++) {
                packed[s + 4] = (sc[s] & 0xf) | ((mn[s] & 0xf) << 4);
                packed[s - 4] |= (sc[s] >> 4) << 6;
                packed[s] |= (mn[s] >> 4) << 6;
            }
            for (int i = 0; i < 12; i++) {
                b.put(at + 4 + i, (byte) packed[i]);
            }
            int[] q = new int[256];
            for (int j = 0; j < 256; j++) {
                q[j] = rnd.nextInt(16);
            }
            // 64 values share 32 bytes: the first 32 in the low nibbles, the next 32 in the high nibbles.
            for (int c = 0; c < 4; c++) {
                for (int l = 0; l < 32; l++) {
                    b.put(at + 16 + c * 32 + l, (byte) (q[c * 64 + l] | (q[c * 64 + 32 + l] << 4)));
                }
            }
            for (int j = 0; j < 256; j++) {
                int s = j / 32;
                expected[k * 256 + j] = Float16.toFloat(d) * sc[s] * q[j] - Float16.toFloat(dmin) * mn[s];
            }
        }
        assertArrayEquals(expected, TensorData.of("q4k", DType.Q4_K, new long[] {1, 512}, b).toFloatArray());
    }

    @Test
    void q6_KIsScaleTimesSixBitValueMinus32() {
        int blocks = 2;
        ByteBuffer b = le(blocks * 210);
        float[] expected = new float[blocks * 256];
        for (int k = 0; k < blocks; k++) {
            int at = k * 210;
            short d = Float16.fromFloat(0.0042f * (k + 2));
            b.putShort(at + 208, d);
            byte[] sc = new byte[16];
            for (int s = 0; s < 16; s++) {
                sc[s] = (byte) (rnd.nextInt(256) - 128);
                b.put(at + 192 + s, sc[s]);
            }
            int[] q = new int[256];
            for (int j = 0; j < 256; j++) {
                q[j] = rnd.nextInt(64);
            }
            // Per 128 values: ql holds low nibbles (values l and l+64 share byte l, l+32 and l+96 share byte l+32),
            // qh holds the top 2 bits of values l, l+32, l+64, l+96 in bit pairs 0, 2, 4, 6 of byte l.
            for (int half = 0; half < 2; half++) {
                int v = half * 128;
                for (int l = 0; l < 32; l++) {
                    int q1 = q[v + l];
                    int q2 = q[v + l + 32];
                    int q3 = q[v + l + 64];
                    int q4 = q[v + l + 96];
                    b.put(at + half * 64 + l, (byte) ((q1 & 0xf) | ((q3 & 0xf) << 4)));
                    b.put(at + half * 64 + l + 32, (byte) ((q2 & 0xf) | ((q4 & 0xf) << 4)));
                    b.put(at + 128 + half * 32 + l, (byte) ((q1 >> 4) | ((q2 >> 4) << 2) | ((q3 >> 4) << 4) | ((q4 >> 4) << 6)));
                }
            }
            for (int j = 0; j < 256; j++) {
                expected[k * 256 + j] = Float16.toFloat(d) * sc[j / 16] * (q[j] - 32);
            }
        }
        assertArrayEquals(expected, TensorData.of("q6k", DType.Q6_K, new long[] {2, 256}, b).toFloatArray());
    }

    @Test
    void scalarTypesAreNotBlockFormats() {
        assertThrows(IllegalArgumentException.class,
                () -> Dequantizer.dequantize(DType.F16, ByteBuffer.allocate(4), 0, new float[2], 0, 1));
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
