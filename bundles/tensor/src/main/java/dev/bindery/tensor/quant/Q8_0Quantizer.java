package dev.bindery.tensor.quant;

import dev.bindery.tensor.Float16;
import java.util.Objects;

/**
 * Float32 to GGML Q8_0, bit-exact with ggml's {@code quantize_row_q8_0_ref}: per block of 32 values
 * {@code amax = max |x|}, {@code d = amax / 127}, {@code id = d != 0 ? 1/d : 0}, {@code q = roundf(x * id)} (halves
 * away from zero), stored as f16 {@code d} (round to nearest even) followed by the 32 signed bytes. All
 * arithmetic is float32 without fused multiply-add, as in the C reference.
 */
public final class Q8_0Quantizer {
    private Q8_0Quantizer() {
    }

    /** Values per block. */
    public static final int BLOCK = 32;
    /** Bytes per block: f16 scale + 32 int8. */
    public static final int BLOCK_BYTES = 34;

    /**
     * Quantises {@code count} values (a multiple of 32) from {@code x[xOffset]} into {@code count/32} blocks at
     * {@code dst[dstOffset]}.
     *
     * @throws IllegalArgumentException if {@code count} is not a multiple of 32, or a value is NaN or infinite
     *                                  (its index is named), or a block's scale overflows f16
     */
    public static void quantizeRow(float[] x, int xOffset, int count, byte[] dst, int dstOffset) {
        if (count % BLOCK != 0) {
            throw new IllegalArgumentException("Q8_0 needs a multiple of " + BLOCK + " values, not " + count);
        }
        Objects.checkFromIndexSize(xOffset, count, x.length);
        Objects.checkFromIndexSize(dstOffset, count / BLOCK * BLOCK_BYTES, dst.length);
        for (int b = 0; b < count / BLOCK; b++) {
            int in = xOffset + b * BLOCK;
            int out = dstOffset + b * BLOCK_BYTES;
            float amax = 0.0f;
            for (int j = 0; j < BLOCK; j++) {
                float v = x[in + j];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("value " + v + " at index " + (in + j) + " cannot be quantised");
                }
                amax = Math.max(amax, Math.abs(v));
            }
            float d = amax / 127.0f;
            float id = d != 0.0f ? 1.0f / d : 0.0f;
            short half = Float16.fromFloat(d);
            if ((half & 0x7c00) == 0x7c00) {
                throw new IllegalArgumentException("Q8_0 block at index " + in + " has scale " + d
                        + ", which overflows half precision");
            }
            dst[out] = (byte) half;
            dst[out + 1] = (byte) (half >>> 8);
            for (int j = 0; j < BLOCK; j++) {
                dst[out + 2 + j] = (byte) roundHalfAwayFromZero(x[in + j] * id);
            }
        }
    }

    /** C's {@code roundf}: nearest integer, halfway cases away from zero (unlike {@link Math#round}). */
    static int roundHalfAwayFromZero(float v) {
        float a = Math.abs(v);
        float whole = (float) Math.floor(a);
        if (a - whole >= 0.5f) { // exact: a and floor(a) are close enough for the subtraction not to round
            whole += 1.0f;
        }
        return (int) Math.copySign(whole, v);
    }
}
