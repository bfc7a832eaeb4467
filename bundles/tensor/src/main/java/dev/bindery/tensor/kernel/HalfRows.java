package dev.bindery.tensor.kernel;

/**
 * Single half-precision rows scored against a float vector without decoding them first, for callers that visit rows
 * one at a time in no particular order (graph search over a cache). The vector is put once into the order the
 * {@link F16Matrix} kernel reads ({@link #permute}); every row then costs one vectorised pass.
 */
public final class HalfRows {
    private HalfRows() {
    }

    /** Writes {@code x[xOffset .. + n)} into {@code dst} in the kernel's order. */
    public static void permute(float[] x, int xOffset, float[] dst, int dstOffset, int n) {
        java.util.Objects.checkFromIndexSize(xOffset, n, x.length);
        java.util.Objects.checkFromIndexSize(dstOffset, n, dst.length);
        EvenOdd.permute(x, xOffset, dst, dstOffset, n);
    }

    /** Decodes {@code n} little-endian halves at {@code halves[offset]} into {@code dst}, in the kernel's order. */
    public static void decodePermuted(byte[] halves, int offset, int n, float[] dst, int dstOffset) {
        java.util.Objects.checkFromIndexSize(dstOffset, n, dst.length);
        new F16Matrix(1, n, halves, offset).decodePermuted(0, dst, dstOffset);
    }

    /** The dot product of {@code n} halves at {@code halves[offset]} with {@code xp}, already in the kernel's order. */
    public static float dotPermuted(byte[] halves, int offset, int n, float[] xp, int xpOffset) {
        java.util.Objects.checkFromIndexSize(xpOffset, n, xp.length);
        return new F16Matrix(1, n, halves, offset).dotPermuted(0, xp, xpOffset);
    }
}
