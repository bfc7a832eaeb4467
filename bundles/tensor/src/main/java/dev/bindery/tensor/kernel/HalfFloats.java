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
 * <p>Method: a half {@code s eeeee mmmmmmmmmm} becomes the float {@code s (e+112) m<<13} for normal values;
 * exponent 31 (inf/NaN) maps to 255; a subnormal ({@code e == 0}) is {@code m * 2^-24}, obtained exactly as
 * {@code float(s (113) m<<13) - 2^-14} (Sterbenz: the subtraction is exact). Only integer bit operations, compares
 * and one float subtraction are used, all of which JDK 17 intrinsifies.
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
        // Mask-free on purpose: JDK 17 compiles compare/blend poorly here, plain integer lanewise ops well.
        IntVector magnitude = bits.and(0x7fff);
        IntVector sign = bits.and(0x8000).lanewise(VectorOperators.LSHL, 16);
        IntVector f = magnitude.lanewise(VectorOperators.LSHL, 13).add(EXP_REBIAS);
        // all ones where the exponent is 31 (magnitude + 0x400 reaches bit 15), else zero
        IntVector special = magnitude.add(0x0400).lanewise(VectorOperators.LSHR, 15).neg();
        f = f.add(special.and(EXP_REBIAS));
        // all ones where the exponent is 0 (magnitude - 0x400 is negative), else zero
        IntVector subnormal = magnitude.sub(0x0400).lanewise(VectorOperators.ASHR, 31);
        IntVector sub = f.add(ONE_EXP).reinterpretAsFloats().sub(MIN_NORMAL_HALF).reinterpretAsInts();
        f = f.lanewise(VectorOperators.XOR, f.lanewise(VectorOperators.XOR, sub).and(subnormal));
        return f.or(sign).reinterpretAsFloats();
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
