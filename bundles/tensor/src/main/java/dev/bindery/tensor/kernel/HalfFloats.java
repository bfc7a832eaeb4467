package dev.bindery.tensor.kernel;

import java.util.Objects;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Exact IEEE binary16 to float32 conversion, scalar and vectorised (JDK 17 has no
 * {@code Float.float16ToFloat}). Both forms give bit-identical results for all 65536 inputs, subnormals,
 * infinities and NaN payloads included, so scalar tails agree with vector bodies.
 *
 * <p>Scalar method: a half {@code s eeeee mmmmmmmmmm} becomes the float {@code s (e+112) m<<13} for normal values;
 * exponent 31 (inf/NaN) maps to 255; a subnormal ({@code e == 0}) is {@code m * 2^-24}, obtained exactly as
 * {@code float(s (113) m<<13) - 2^-14} (Sterbenz: the subtraction is exact). The vector method
 * ({@link #fromHighHalves}) multiplies by {@code 2^112} instead, which needs fewer operations.
 */
public final class HalfFloats {
    private HalfFloats() {
    }

    private static final int EXP_REBIAS = (127 - 15) << 23;

    /**
     * Every half as a float, indexed by its bits: the block kernels read their f16 scales through it (an array load
     * inlines into any loop; a conversion method may not once C2's inlining budget is spent).
     */
    static final float[] TABLE = new float[1 << 16];

    static {
        for (int h = 0; h < TABLE.length; h++) {
            TABLE[h] = toFloat(h);
        }
    }
    private static final int ONE_EXP = 1 << 23;
    private static final float MIN_NORMAL_HALF = 0x1p-14f;

    /** The float value of the half whose bits are the low 16 bits of {@code bits}. */
    public static float toFloat(int bits) {
        int magnitude = bits & 0x7fff;
        int sign = (bits & 0x8000) << 16;
        int f = (magnitude << 13) + EXP_REBIAS;
        if (magnitude >= 0x7c00) {
            f += EXP_REBIAS; // exponent 31 -> 143 -> 255: infinity or NaN with the same payload
        } else if (magnitude < 0x0400) {
            f = Float.floatToRawIntBits(Float.intBitsToFloat(f + ONE_EXP) - MIN_NORMAL_HALF);
        }
        return Float.intBitsToFloat(f | sign);
    }

    /** The half stored little-endian at {@code data[offset]}, {@code data[offset + 1]}, as a float. */
    public static float toFloat(byte[] data, int offset) {
        return toFloat((data[offset] & 0xff) | ((data[offset + 1] & 0xff) << 8));
    }

    /**
     * Converts half bit patterns held in the low 16 bits of each int lane (the upper bits are ignored).
     * The result has the same shape as {@code bits}.
     */
    public static FloatVector toFloats(IntVector bits) {
        return fromHighHalves(bits.lanewise(VectorOperators.LSHL, 16));
    }

    /**
     * Converts halves held in the high 16 bits of each int lane (the low 16 bits are ignored), exactly.
     *
     * <p>An arithmetic shift by 3 puts the half's exponent and mantissa where a float has them (bits 13-27) and
     * copies the sign into bits 28-31; the mask keeps the sign in bit 31 only. That float is the half's value times
     * {@code 2^-112} for normal and subnormal halves alike, so one exact multiplication by {@code 2^112} finishes
     * them (zero stays zero). Exponent 31 (infinity, NaN) came out as exponent 143; setting all exponent bits makes
     * it 255 with the payload untouched. JDK 17 intrinsifies every operation used; the kernels spell the same
     * steps out in their loops.
     */
    static FloatVector fromHighHalves(IntVector t) {
        IntVector f = t.lanewise(VectorOperators.ASHR, 3).and(0x8fffe000);
        IntVector special = f.add(0x00800000).lanewise(VectorOperators.LSHL, 3).lanewise(VectorOperators.ASHR, 31);
        return f.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts()
                .or(special.and(0x7f800000)).reinterpretAsFloats();
    }

    /** The bfloat16 stored little-endian at {@code data[offset]} as a float (exact). */
    static float bf16ToFloat(byte[] data, int offset) {
        return Float.intBitsToFloat(((data[offset] & 0xff) | ((data[offset + 1] & 0xff) << 8)) << 16);
    }

    /**
     * Converts {@code count} little-endian halves from {@code src[srcOffset]} into {@code dst[dstOffset]}.
     *
     * @throws IndexOutOfBoundsException if either range falls outside its array
     */
    public static void toFloats(byte[] src, int srcOffset, float[] dst, int dstOffset, int count) {
        Objects.checkFromIndexSize(srcOffset, 2L * count > Integer.MAX_VALUE ? -1 : 2 * count, src.length);
        Objects.checkFromIndexSize(dstOffset, count, dst.length);
        int L = Lanes.L;
        float[] pair = new float[2 * L];
        int i = 0;
        for (int bound = count - 2 * L; i <= bound; i += 2 * L) {
            // one load = 2L halves; int lane j holds halves 2j (low) and 2j+1 (high)
            IntVector v = ByteVector.fromArray(Lanes.B, src, srcOffset + 2 * i).reinterpretAsInts();
            toFloats(v).intoArray(pair, 0);
            toFloats(v.lanewise(VectorOperators.LSHR, 16)).intoArray(pair, L);
            for (int j = 0; j < L; j++) {
                dst[dstOffset + i + 2 * j] = pair[j];
                dst[dstOffset + i + 2 * j + 1] = pair[L + j];
            }
        }
        for (; i < count; i++) {
            dst[dstOffset + i] = toFloat(src, srcOffset + 2 * i);
        }
    }
}
