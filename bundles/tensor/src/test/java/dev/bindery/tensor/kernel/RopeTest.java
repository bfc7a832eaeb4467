package dev.bindery.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RopeTest {

    @Test
    void tableFollowsPrecomputeFreqsCisInFloat32() {
        int d = 128;
        Rope rope = Rope.create(d, 1024, 10000.0);
        for (int p : new int[] {0, 1, 2, 17, 511, 1023}) {
            for (int i = 0; i < d / 2; i++) {
                // double-precision angle; the float32 angle may differ by half an ulp of the angle
                double freq = 1.0 / Math.pow(10000.0, (2.0 * i) / d);
                double angle = p * freq;
                double slack = Math.ulp((float) angle) + 4e-7 * Math.max(1, angle) + Math.ulp(1f);
                assertEquals(Math.cos(angle), rope.cos(p, i), slack, "cos p=" + p + " i=" + i);
                assertEquals(Math.sin(angle), rope.sin(p, i), slack, "sin p=" + p + " i=" + i);
            }
        }
        assertEquals(1f, rope.cos(0, 5), 0f);
        assertEquals(0f, rope.sin(0, 5), 0f);
        // the angle is rounded to float32 before cos, as torch.outer does
        float f1 = 1.0f / (float) Math.pow(10000f, 2f / d);
        float angle = 1000f * f1;
        assertEquals((float) Math.cos(angle), rope.cos(1000, 1), 0f);
    }

    @Test
    void interleavedRotatesComplexPairs() {
        Random rnd = new Random(81);
        int d = 16;
        int heads = 3;
        Rope rope = Rope.create(d, 64, 10000.0);
        float[] x = Ref.randomFloats(rnd, 2 + heads * d, 1f);
        float[] y = x.clone();
        rope.applyInterleaved(y, 2, heads, 37);
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < d / 2; i++) {
                int at = 2 + h * d + 2 * i;
                double c = rope.cos(37, i);
                double s = rope.sin(37, i);
                assertEquals(x[at] * c - x[at + 1] * s, y[at], 1e-6);
                assertEquals(x[at] * s + x[at + 1] * c, y[at + 1], 1e-6);
            }
        }
        assertEquals(x[0], y[0], 0f);
    }

    @Test
    void halfSplitOnPermutedRowsEqualsInterleavedOnMetaRows() {
        Random rnd = new Random(82);
        int d = 32;
        int heads = 2;
        Rope rope = Rope.create(d, 16, 500000.0);
        float[] meta = Ref.randomFloats(rnd, heads * d, 1f);
        float[] hf = new float[meta.length];
        for (int h = 0; h < heads; h++) {
            for (int j = 0; j < d; j++) {
                hf[h * d + j] = meta[h * d + Rope.metaIndexOfHalfSplit(j, d)];
            }
        }
        rope.applyInterleaved(meta, 0, heads, 9);
        rope.applyHalfSplit(hf, 0, heads, 9);
        for (int h = 0; h < heads; h++) {
            for (int j = 0; j < d; j++) {
                assertEquals(meta[h * d + Rope.metaIndexOfHalfSplit(j, d)], hf[h * d + j], 0f, "head " + h + " j " + j);
            }
        }
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Rope.create(7, 10, 10000));
        assertThrows(IllegalArgumentException.class, () -> Rope.create(8, 0, 10000));
        assertThrows(IllegalArgumentException.class, () -> Rope.create(8, 10, Double.NaN));
        Rope rope = Rope.create(8, 10, 10000);
        assertThrows(IndexOutOfBoundsException.class, () -> rope.applyInterleaved(new float[8], 0, 1, 10));
        assertThrows(IndexOutOfBoundsException.class, () -> rope.applyHalfSplit(new float[15], 0, 2, 0));
    }
}
