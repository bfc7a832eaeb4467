package dev.bindery.tensor.kernel;

import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Element-wise float32 operations and the float32 dot product, vectorised. Every operation takes explicit
 * offsets and a count so it can work on rows of larger buffers; outputs may alias inputs element for element.
 */
public final class VectorMath {
    private VectorMath() {
    }

    /**
     * The dot product {@code sum a[aOffset+i] * b[bOffset+i]} for {@code i < n}, accumulated in float32 with
     * several vector accumulators (the summation order differs from a sequential loop).
     */
    public static float dot(float[] a, int aOffset, float[] b, int bOffset, int n) {
        Objects.checkFromIndexSize(aOffset, n, a.length);
        Objects.checkFromIndexSize(bOffset, n, b.length);
        int L = Lanes.L;
        FloatVector acc0 = FloatVector.zero(Lanes.F);
        FloatVector acc1 = FloatVector.zero(Lanes.F);
        FloatVector acc2 = FloatVector.zero(Lanes.F);
        FloatVector acc3 = FloatVector.zero(Lanes.F);
        int i = 0;
        for (int bound = n - 4 * L; i <= bound; i += 4 * L) {
            acc0 = FloatVector.fromArray(Lanes.F, a, aOffset + i).fma(FloatVector.fromArray(Lanes.F, b, bOffset + i), acc0);
            acc1 = FloatVector.fromArray(Lanes.F, a, aOffset + i + L)
                    .fma(FloatVector.fromArray(Lanes.F, b, bOffset + i + L), acc1);
            acc2 = FloatVector.fromArray(Lanes.F, a, aOffset + i + 2 * L)
                    .fma(FloatVector.fromArray(Lanes.F, b, bOffset + i + 2 * L), acc2);
            acc3 = FloatVector.fromArray(Lanes.F, a, aOffset + i + 3 * L)
                    .fma(FloatVector.fromArray(Lanes.F, b, bOffset + i + 3 * L), acc3);
        }
        for (int bound = n - L; i <= bound; i += L) {
            acc0 = FloatVector.fromArray(Lanes.F, a, aOffset + i).fma(FloatVector.fromArray(Lanes.F, b, bOffset + i), acc0);
        }
        float sum = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += a[aOffset + i] * b[bOffset + i];
        }
        return sum;
    }

    /** {@code out[i] = a[i] + b[i]} over whole arrays ({@code out.length} elements). */
    public static void add(float[] a, float[] b, float[] out) {
        add(a, 0, b, 0, out, 0, out.length);
    }

    /** {@code out[outOffset+i] = a[aOffset+i] + b[bOffset+i]} for {@code i < n}. */
    public static void add(float[] a, int aOffset, float[] b, int bOffset, float[] out, int outOffset, int n) {
        check(a, aOffset, b, bOffset, out, outOffset, n);
        int i = 0;
        for (int bound = n - Lanes.L; i <= bound; i += Lanes.L) {
            FloatVector.fromArray(Lanes.F, a, aOffset + i).add(FloatVector.fromArray(Lanes.F, b, bOffset + i))
                    .intoArray(out, outOffset + i);
        }
        for (; i < n; i++) {
            out[outOffset + i] = a[aOffset + i] + b[bOffset + i];
        }
    }

    /** {@code out[i] = a[i] * b[i]} over whole arrays ({@code out.length} elements). */
    public static void mul(float[] a, float[] b, float[] out) {
        mul(a, 0, b, 0, out, 0, out.length);
    }

    /** {@code out[outOffset+i] = a[aOffset+i] * b[bOffset+i]} for {@code i < n}. */
    public static void mul(float[] a, int aOffset, float[] b, int bOffset, float[] out, int outOffset, int n) {
        check(a, aOffset, b, bOffset, out, outOffset, n);
        int i = 0;
        for (int bound = n - Lanes.L; i <= bound; i += Lanes.L) {
            FloatVector.fromArray(Lanes.F, a, aOffset + i).mul(FloatVector.fromArray(Lanes.F, b, bOffset + i))
                    .intoArray(out, outOffset + i);
        }
        for (; i < n; i++) {
            out[outOffset + i] = a[aOffset + i] * b[bOffset + i];
        }
    }

    /**
     * {@code y[yOffset+i] += alpha * x[xOffset+i]} for {@code i < n}; the product is rounded before the sum
     * (no fused multiply-add), as PyTorch's {@code y + alpha * x} does.
     */
    public static void axpy(float alpha, float[] x, int xOffset, float[] y, int yOffset, int n) {
        Objects.checkFromIndexSize(xOffset, n, x.length);
        Objects.checkFromIndexSize(yOffset, n, y.length);
        int i = 0;
        for (int bound = n - Lanes.L; i <= bound; i += Lanes.L) {
            FloatVector.fromArray(Lanes.F, x, xOffset + i).mul(alpha).add(FloatVector.fromArray(Lanes.F, y, yOffset + i))
                    .intoArray(y, yOffset + i);
        }
        for (; i < n; i++) {
            y[yOffset + i] += alpha * x[xOffset + i];
        }
    }

    /** {@code x[offset+i] *= factor} for {@code i < n}. */
    public static void scale(float[] x, int offset, int n, float factor) {
        Objects.checkFromIndexSize(offset, n, x.length);
        int i = 0;
        for (int bound = n - Lanes.L; i <= bound; i += Lanes.L) {
            FloatVector.fromArray(Lanes.F, x, offset + i).mul(factor).intoArray(x, offset + i);
        }
        for (; i < n; i++) {
            x[offset + i] *= factor;
        }
    }

    private static void check(float[] a, int aOffset, float[] b, int bOffset, float[] out, int outOffset, int n) {
        Objects.checkFromIndexSize(aOffset, n, a.length);
        Objects.checkFromIndexSize(bOffset, n, b.length);
        Objects.checkFromIndexSize(outOffset, n, out.length);
    }
}
