package dev.bindery.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorMathTest {

    @Test
    void dotMatchesDoubleReferenceForOddSizesAndOffsets() {
        Random rnd = new Random(11);
        for (int n : Ref.ODD_SIZES) {
            float[] a = Ref.randomFloats(rnd, n + 5, 1f);
            float[] b = Ref.randomFloats(rnd, n + 3, 1f);
            double expected = Ref.dot(a, 5, b, 3, n);
            float actual = VectorMath.dot(a, 5, b, 3, n);
            assertEquals(expected, actual, Ref.dotTolerance(Ref.absDot(a, 5, b, 3, n), n), "n=" + n);
        }
    }

    @Test
    void elementwiseOperationsMatchFloatReference() {
        Random rnd = new Random(12);
        for (int n : Ref.ODD_SIZES) {
            float[] a = Ref.randomFloats(rnd, n + 2, 1f);
            float[] b = Ref.randomFloats(rnd, n + 1, 1f);
            float[] sum = new float[n + 3];
            float[] prod = new float[n + 3];
            VectorMath.add(a, 2, b, 1, sum, 3, n);
            VectorMath.mul(a, 2, b, 1, prod, 3, n);
            float[] y = b.clone();
            VectorMath.axpy(0.37f, a, 2, y, 1, n);
            float[] s = a.clone();
            VectorMath.scale(s, 2, n, -1.5f);
            for (int i = 0; i < n; i++) {
                // single float operations: exact correctly rounded results are expected
                assertEquals(a[2 + i] + b[1 + i], sum[3 + i], 0f);
                assertEquals(a[2 + i] * b[1 + i], prod[3 + i], 0f);
                assertEquals(b[1 + i] + 0.37f * a[2 + i], y[1 + i], 0f);
                assertEquals(a[2 + i] * -1.5f, s[2 + i], 0f);
            }
            assertEquals(b[0], y[0], 0f, "outside the range stays untouched");
            assertEquals(a[0], s[0], 0f);
            assertEquals(a[1], s[1], 0f);
        }
    }

    @Test
    void wholeArrayFormsAndAliasing() {
        float[] a = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        float[] b = a.clone();
        VectorMath.add(a, b, a);
        VectorMath.mul(b, b, b);
        for (int i = 0; i < a.length; i++) {
            assertEquals(2f * (i + 1), a[i], 0f);
            assertEquals((float) (i + 1) * (i + 1), b[i], 0f);
        }
    }

    @Test
    void rangesOutsideTheArraysAreRejected() {
        float[] a = new float[10];
        assertThrows(IndexOutOfBoundsException.class, () -> VectorMath.dot(a, 5, a, 0, 6));
        assertThrows(IndexOutOfBoundsException.class, () -> VectorMath.add(a, 0, a, 0, new float[3], 0, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> VectorMath.axpy(1f, a, -1, a, 0, 2));
    }
}
