package dev.bindery.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Float16Test {

    @Test
    void everyHalfRoundTripsThroughFloat() {
        for (int h = 0; h < 0x10000; h++) {
            float f = Float16.toFloat((short) h);
            if (Float.isNaN(f)) {
                assertTrue((h & 0x7c00) == 0x7c00 && (h & 0x3ff) != 0, "NaN only from NaN encodings: " + h);
                continue;
            }
            assertEquals(h, Float16.fromFloat(f) & 0xffff, "half bits " + Integer.toHexString(h));
        }
    }

    @Test
    void halfUpcastMatchesTheDefinition() {
        // value = (-1)^s * 2^(e-15) * (1 + m/1024), subnormal 2^-14 * m/1024
        for (int h = 0; h < 0x10000; h++) {
            int e = (h >>> 10) & 0x1f;
            int m = h & 0x3ff;
            if (e == 0x1f) {
                continue;
            }
            double v = e == 0 ? Math.scalb((double) m / 1024, -14) : Math.scalb(1 + (double) m / 1024, e - 15);
            if ((h & 0x8000) != 0) {
                v = -v;
            }
            assertEquals(v, Float16.toFloat((short) h), 0.0, "half " + Integer.toHexString(h));
        }
    }

    @Test
    void roundingToHalfIsNearestEven() {
        float one = 1.0f;
        float ulp = 0x1p-10f; // spacing of half-precision values in [1, 2)
        assertEquals(0x3c00, Float16.fromFloat(one + ulp / 2) & 0xffff, "tie rounds to even (down)");
        assertEquals(0x3c02, Float16.fromFloat(one + 3 * ulp / 2) & 0xffff, "tie rounds to even (up)");
        assertEquals(0x3c01, Float16.fromFloat(one + ulp / 2 + 0x1p-20f) & 0xffff, "above tie rounds up");
        assertEquals(0x7c00, Float16.fromFloat(70000f) & 0xffff, "overflow to infinity");
        assertEquals(0x0001, Float16.fromFloat(0x1p-24f) & 0xffff, "smallest subnormal");
        assertEquals(0x0000, Float16.fromFloat(0x1p-26f) & 0xffff, "underflow to zero");
    }

    @Test
    void bfloat16KeepsTheTopBitsAndRoundsNearestEven() {
        for (int h = 0; h < 0x10000; h += 7) {
            float f = Float16.bf16ToFloat((short) h);
            if (!Float.isNaN(f)) {
                assertEquals(h, Float16.floatToBf16(f) & 0xffff);
            }
        }
        float tie = Float.intBitsToFloat(0x3f808000); // exactly between 0x3f80 and 0x3f81
        assertEquals(0x3f80, Float16.floatToBf16(tie) & 0xffff);
        assertEquals(0x3f82, Float16.floatToBf16(Float.intBitsToFloat(0x3f818000)) & 0xffff);
    }
}
