package dev.bindery.tensor.kernel;

import java.util.Objects;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Half-precision rows scored against a float vector without decoding them first, for caches of embeddings: single
 * rows visited in no particular order (graph search) and runs of consecutive rows (a scan). The vector is put once
 * into the order the {@link F16Matrix} kernel reads ({@link #permute}); every row then costs one vectorised pass.
 *
 * <p><b>Finite rows.</b> When the caller knows that no row holds an infinity or NaN (a cache file refuses them at
 * write time), {@link #prepareFinite} and the {@code *Finite} methods skip the special-value handling of the exact
 * conversion and its multiplication by {@code 2^112}: a half's bits shifted into float position are its value times
 * {@code 2^-112} (subnormals included), and the prepared vector carries the {@code 2^112} instead. Each fused
 * multiply-add then sees the same exact product as {@link #dotPermuted}, so the scores are bit-identical to it; the
 * loop is about a third of the work (a scan of a million 1024-d rows in the heap then runs at about the machine's read
 * bandwidth).
 */
public final class HalfRows {
    private HalfRows() {
    }

    /**
     * The largest magnitude {@link #prepareFinite} accepts: {@code 2^15 * 2^112} is still a finite float, and no
     * product with a half (at most 65504) or sum of a few thousand of them can overflow.
     */
    public static final float MAX_FINITE_INPUT = 0x1p15f;
    private static final float TO_PREPARED = 0x1p112f;

    /** Writes {@code x[xOffset .. + n)} into {@code dst} in the kernel's order. */
    public static void permute(float[] x, int xOffset, float[] dst, int dstOffset, int n) {
        Objects.checkFromIndexSize(xOffset, n, x.length);
        Objects.checkFromIndexSize(dstOffset, n, dst.length);
        EvenOdd.permute(x, xOffset, dst, dstOffset, n);
    }

    /** Decodes {@code n} little-endian halves at {@code halves[offset]} into {@code dst}, in the kernel's order. */
    public static void decodePermuted(byte[] halves, int offset, int n, float[] dst, int dstOffset) {
        Objects.checkFromIndexSize(dstOffset, n, dst.length);
        new F16Matrix(1, n, halves, offset).decodePermuted(0, dst, dstOffset);
    }

    /** The dot product of {@code n} halves at {@code halves[offset]} with {@code xp}, already in the kernel's order. */
    public static float dotPermuted(byte[] halves, int offset, int n, float[] xp, int xpOffset) {
        Objects.checkFromIndexSize(xpOffset, n, xp.length);
        return new F16Matrix(1, n, halves, offset).dotPermuted(0, xp, xpOffset);
    }

    /**
     * Writes {@code x[xOffset .. + n)} in the kernel's order and scaled by {@code 2^112} into {@code dst}, the form
     * the {@code *Finite} methods take. Returns false, leaving {@code dst} unspecified, when a value is NaN or
     * larger in magnitude than {@link #MAX_FINITE_INPUT}; such a vector goes through {@link #permute} instead.
     */
    public static boolean prepareFinite(float[] x, int xOffset, float[] dst, int dstOffset, int n) {
        Objects.checkFromIndexSize(xOffset, n, x.length);
        Objects.checkFromIndexSize(dstOffset, n, dst.length);
        for (int i = 0; i < n; i++) {
            if (!(Math.abs(x[xOffset + i]) <= MAX_FINITE_INPUT)) {
                return false;
            }
        }
        EvenOdd.permute(x, xOffset, dst, dstOffset, n);
        for (int i = 0; i < n; i++) {
            dst[dstOffset + i] *= TO_PREPARED; // a power of two: exact, subnormal inputs included
        }
        return true;
    }

    /**
     * {@code out[outOffset + r] = row r . x} for {@code rows} consecutive rows of {@code n} finite halves starting at
     * {@code halves[offset]}, with {@code xp} from {@link #prepareFinite}. Bit-identical to {@link #dotPermuted} of
     * each row with the vector {@link #permute}d. The score of a row holding an infinity or NaN is unspecified (it
     * counts as a finite value of magnitude 2^16 to 2^17): callers vouch for their rows, e.g. by a checksum.
     */
    public static void dotsFinite(byte[] halves, int offset, int rows, int n, float[] xp, int xpOffset,
                                  float[] out, int outOffset) {
        Objects.checkFromIndexSize(offset, span(2L * n * rows), halves.length);
        Objects.checkFromIndexSize(xpOffset, n, xp.length);
        Objects.checkFromIndexSize(outOffset, rows, out.length);
        for (int r = 0; r < rows; r++) {
            out[outOffset + r] = dotFinite(halves, offset + 2 * n * r, n, xp, xpOffset);
        }
    }

    /**
     * Decodes {@code rows} consecutive rows of {@code n} finite halves into {@code dst} in the kernel's order and
     * scaled by {@code 2^-112}: the counterpart of {@link #prepareFinite} for batched products (a float product of
     * such a row with a prepared vector is the exact one).
     */
    public static void decodeFinite(byte[] halves, int offset, int rows, int n, float[] dst, int dstOffset) {
        Objects.checkFromIndexSize(offset, span(2L * n * rows), halves.length);
        Objects.checkFromIndexSize(dstOffset, span((long) n * rows), dst.length);
        int L = Lanes.L;
        for (int r = 0; r < rows; r++) {
            int base = offset + 2 * n * r;
            int out = dstOffset + n * r;
            int i = 0;
            for (int bound = n - 2 * L; i <= bound; i += 2 * L) {
                IntVector v = ByteVector.fromArray(Lanes.B, halves, base + 2 * i).reinterpretAsInts();
                v.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(0x8fffe000)
                        .reinterpretAsFloats().intoArray(dst, out + i);
                v.lanewise(VectorOperators.ASHR, 3).and(0x8fffe000).reinterpretAsFloats().intoArray(dst, out + i + L);
            }
            for (; i < n; i++) {
                dst[out + i] = preparedHalf(halves, base + 2 * i);
            }
        }
    }

    /**
     * One row; see {@link #dotsFinite}. (Scoring two rows per pass, so that each loaded input feeds both, measured
     * slower on rows streamed from memory: one row at a time keeps a single sequential stream.)
     */
    private static float dotFinite(byte[] halves, int base, int n, float[] xp, int xpOffset) {
        int L = Lanes.L;
        FloatVector acc0 = FloatVector.zero(Lanes.F);
        FloatVector acc1 = FloatVector.zero(Lanes.F);
        int i = 0;
        for (int bound = n - 2 * L; i <= bound; i += 2 * L) {
            IntVector v = ByteVector.fromArray(Lanes.B, halves, base + 2 * i).reinterpretAsInts();
            acc0 = v.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(0x8fffe000)
                    .reinterpretAsFloats().fma(FloatVector.fromArray(Lanes.F, xp, xpOffset + i), acc0);
            acc1 = v.lanewise(VectorOperators.ASHR, 3).and(0x8fffe000)
                    .reinterpretAsFloats().fma(FloatVector.fromArray(Lanes.F, xp, xpOffset + i + L), acc1);
        }
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += preparedHalf(halves, base + 2 * i) * xp[xpOffset + i];
        }
        return sum;
    }

    /** A length for the bounds checks; one beyond any array (-1 fails them) when it does not fit an int. */
    private static int span(long length) {
        return length > Integer.MAX_VALUE ? -1 : (int) length;
    }

    /** The little-endian half at {@code data[at]} times {@code 2^-112}, by moving its bits (finite halves only). */
    private static float preparedHalf(byte[] data, int at) {
        int h = (data[at] & 0xff) | (data[at + 1] << 8); // sign-extended from bit 15
        return Float.intBitsToFloat((h << 13) & 0x8fffe000); // bit 31 gets a copy of the sign, 28-30 are cleared
    }
}
