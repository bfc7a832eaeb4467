package dev.bindery.tensor.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Exact IEEE binary16 to float32 conversion, scalar and vectorised (JDK 17 has no
 * {@code Float.float16ToFloat}). Both forms give bit-identical results for all 65536 inputs, subnormals,
 * infinities and NaN payloads included, so scalar tails agree with vector bodies.
 *
 * <p>Method: a half {@code s eeeee mmmmmmmmmm} becomes the float {@code s (e+112) m<<13} for normal
 * values; exponent 31 (inf/NaN) maps to 255; subnormals ({@code e == 0}) are {@code m * 2^-24}, which
 * int-to-float conversion computes exactly because {@code m < 1024}.
 */
public final class HalfFloats {
    private HalfFloats() {
    }

    private static final int EXP_REBIAS = (127 - 15) << 23;

    /** The float value of the half whose bits are the low 16 bits of {@code bits}. */
    public static float toFloat(int bits) {
        int magnitude = bits & 0x7fff;
        int sign = (bits & 0x8000) << 16;
        if (magnitude < 0x0400) {
            float subnormal = magnitude * 0x1p-24f;
            return Float.intBitsToFloat(Float.floatToRawIntBits(subnormal) | sign);
        }
        int f = (magnitude << 13) + EXP_REBIAS;
        if (magnitude >= 0x7c00) {
            f += EXP_REBIAS; // exponent 31 -> 143 -> 255: infinity or NaN with the same payload
        }
        return Float.intBitsToFloat(f | sign);
    }

    /** The half stored little-endian at {@code data[offset]}, {@code data[offset + 1]}, as a float. */
    public static float toFloat(byte[] data, int offset) {
        return toFloat((data[offset] & 0xff) | ((data[offset + 1] & 0xff) << 8));
    }

    /**
     * Converts half bit patterns held in the low 16 bits of each int lane (the upper bits are ignored).
     * The lane count of the result equals that of {@code bits}.
     */
    public static FloatVector toFloats(IntVector bits) {
        IntVector magnitude = bits.and(0x7fff);
        IntVector sign = bits.and(0x8000).lanewise(VectorOperators.LSHL, 16);
        IntVector f = magnitude.lanewise(VectorOperators.LSHL, 13).add(EXP_REBIAS);
        VectorMask<Integer> special = magnitude.compare(VectorOperators.GE, 0x7c00);
        f = f.add(EXP_REBIAS, special);
        VectorMask<Integer> subnormal = magnitude.compare(VectorOperators.LT, 0x0400);
        IntVector sub = ((FloatVector) magnitude.convert(VectorOperators.I2F, 0)).mul(0x1p-24f)
                .reinterpretAsInts();
        return f.blend(sub, subnormal).or(sign).reinterpretAsFloats();
    }

    /** Loads {@link Lanes#L} little-endian halves starting at byte {@code offset} and converts them. */
    static FloatVector load(byte[] data, int offset) {
        IntVector bits = (IntVector) ByteVector.fromArray(Lanes.HALF_BYTES, data, offset)
                .reinterpretAsShorts()
                .convertShape(VectorOperators.S2I, Lanes.I, 0);
        return toFloats(bits);
    }

    /** Loads {@link Lanes#L} little-endian bfloat16 values starting at byte {@code offset}. */
    static FloatVector loadBf16(byte[] data, int offset) {
        IntVector bits = (IntVector) ByteVector.fromArray(Lanes.HALF_BYTES, data, offset)
                .reinterpretAsShorts()
                .convertShape(VectorOperators.S2I, Lanes.I, 0);
        return bits.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
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
        java.util.Objects.checkFromIndexSize(srcOffset, 2L * count > Integer.MAX_VALUE ? -1 : 2 * count, src.length);
        java.util.Objects.checkFromIndexSize(dstOffset, count, dst.length);
        int i = 0;
        for (int bound = count - Lanes.L; i <= bound; i += Lanes.L) {
            load(src, srcOffset + 2 * i).intoArray(dst, dstOffset + i);
        }
        for (; i < count; i++) {
            dst[dstOffset + i] = toFloat(src, srcOffset + 2 * i);
        }
    }
}
