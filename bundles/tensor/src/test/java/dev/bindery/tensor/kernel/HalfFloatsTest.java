package dev.bindery.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bindery.tensor.Float16;
import jdk.incubator.vector.IntVector;
import org.junit.jupiter.api.Test;

class HalfFloatsTest {

    /** IEEE 754 binary16: (-1)^s 2^(e-15) (1 + m/1024); e == 0: 2^-14 m/1024; e == 31: inf / NaN (payload kept). */
    static int ieeeBits(int h) {
        int s = (h >>> 15) & 1;
        int e = (h >>> 10) & 0x1f;
        int m = h & 0x3ff;
        if (e == 0x1f) {
            return (s << 31) | 0x7f800000 | (m << 13);
        }
        double magnitude = e == 0 ? Math.scalb(m / 1024.0, -14) : Math.scalb(1 + m / 1024.0, e - 15);
        float f = (float) magnitude; // exact: 11 significant bits
        return Float.floatToRawIntBits(s == 1 ? -f : f);
    }

    @Test
    void scalarConversionIsExactForAllHalves() {
        for (int h = 0; h < 0x10000; h++) {
            assertEquals(ieeeBits(h), Float.floatToRawIntBits(HalfFloats.toFloat(h)), "half 0x" + Integer.toHexString(h));
            byte[] le = {(byte) h, (byte) (h >>> 8)};
            assertEquals(ieeeBits(h), Float.floatToRawIntBits(HalfFloats.toFloat(le, 0)));
        }
    }

    @Test
    void vectorConversionIsExactForAllHalves() {
        int lanes = Lanes.L;
        int[] bits = new int[lanes];
        float[] out = new float[lanes];
        for (int h0 = 0; h0 < 0x10000; h0 += lanes) {
            for (int j = 0; j < lanes; j++) {
                // upper bits set on odd lanes: they must be ignored
                bits[j] = (h0 + j) | ((j & 1) == 1 ? 0xabcd0000 : 0);
            }
            HalfFloats.toFloats(IntVector.fromArray(Lanes.I, bits, 0)).intoArray(out, 0);
            for (int j = 0; j < lanes; j++) {
                assertEquals(ieeeBits(h0 + j), Float.floatToRawIntBits(out[j]), "half 0x" + Integer.toHexString(h0 + j));
            }
        }
    }

    @Test
    void bulkConversionOfBytesMatchesScalarAndTheCoreConverter() {
        int count = 0x10000 + 5; // not a multiple of the vector length: exercises the tail
        byte[] src = new byte[2 * count + 6];
        for (int i = 0; i < count; i++) {
            int h = i & 0xffff;
            src[3 + 2 * i] = (byte) h;
            src[4 + 2 * i] = (byte) (h >>> 8);
        }
        float[] dst = new float[count + 2];
        HalfFloats.toFloats(src, 3, dst, 1, count);
        for (int i = 0; i < count; i++) {
            int h = i & 0xffff;
            assertEquals(ieeeBits(h), Float.floatToRawIntBits(dst[1 + i]), "element " + i);
            assertEquals(Float.floatToRawIntBits(Float16.toFloat((short) h)), Float.floatToRawIntBits(dst[1 + i]));
        }
    }
}
