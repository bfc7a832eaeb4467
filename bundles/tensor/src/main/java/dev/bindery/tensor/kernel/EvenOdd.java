package dev.bindery.tensor.kernel;

/**
 * The kernel order of the 16-bit formats: within each group of {@code 2L} values, the even-indexed values
 * come first, then the odd-indexed ones (one int lane holds two neighbouring halves); a tail shorter than a
 * group keeps its natural order.
 */
final class EvenOdd {
    private EvenOdd() {
    }

    static void permute(float[] x, int xOffset, float[] dst, int dstOffset, int n) {
        int L = Lanes.L;
        int i = 0;
        for (int bound = n - 2 * L; i <= bound; i += 2 * L) {
            for (int j = 0; j < L; j++) {
                dst[dstOffset + i + j] = x[xOffset + i + 2 * j];
                dst[dstOffset + i + L + j] = x[xOffset + i + 2 * j + 1];
            }
        }
        System.arraycopy(x, xOffset + i, dst, dstOffset + i, n - i);
    }
}
