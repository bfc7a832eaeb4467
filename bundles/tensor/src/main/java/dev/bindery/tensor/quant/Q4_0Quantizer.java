package dev.bindery.tensor.quant;

import dev.bindery.tensor.Float16;
import java.util.Objects;

/**
 * Float32 to GGML Q4_0, bit-exact with ggml's {@code quantize_row_q4_0_ref}: per block of 32 values, {@code max}
 * is the signed value of largest magnitude (the first one on ties), {@code d = max / -8},
 * {@code id = d != 0 ? 1/d : 0}, {@code q = min(15, (int8)(x * id + 8.5))} (truncation), stored as f16 {@code d}
 * then 16 bytes: value {@code j} in the low nibble of byte {@code j}, value {@code j+16} in its high nibble.
 * Float32 arithmetic without fused multiply-add, as in the C reference.
 */
public final class Q4_0Quantizer {
    private Q4_0Quantizer() {
    }

    /** Values per block. */
    public static final int BLOCK = 32;
    /** Bytes per block: f16 scale + 16 bytes of nibbles. */
    public static final int BLOCK_BYTES = 18;

    /**
     * Quantises {@code count} values (a multiple of 32) from {@code x[xOffset]} into {@code count/32} blocks at
     * {@code dst[dstOffset]}.
     *
     * @throws IllegalArgumentException if {@code count} is not a multiple of 32, or a value is NaN or infinite
     *                                  (its index is named), or a block's scale overflows f16
     */
    public static void quantizeRow(float[] x, int xOffset, int count, byte[] dst, int dstOffset) {
        if (count % BLOCK != 0) {
            throw new IllegalArgumentException("Q4_0 needs a multiple of " + BLOCK + " values, not " + count);
        }
        Objects.checkFromIndexSize(xOffset, count, x.length);
        Objects.checkFromIndexSize(dstOffset, count / BLOCK * BLOCK_BYTES, dst.length);
        for (int b = 0; b < count / BLOCK; b++) {
            int in = xOffset + b * BLOCK;
            int out = dstOffset + b * BLOCK_BYTES;
            float amax = 0.0f;
            float max = 0.0f;
            for (int j = 0; j < BLOCK; j++) {
                float v = x[in + j];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("value " + v + " at index " + (in + j) + " cannot be quantised");
                }
                if (amax < Math.abs(v)) {
                    amax = Math.abs(v);
                    max = v;
                }
            }
            float d = max / -8.0f;
            float id = d != 0.0f ? 1.0f / d : 0.0f;
            short half = Float16.fromFloat(d);
            if ((half & 0x7c00) == 0x7c00) {
                throw new IllegalArgumentException("Q4_0 block at index " + in + " has scale " + d
                        + ", which overflows half precision");
            }
            dst[out] = (byte) half;
            dst[out + 1] = (byte) (half >>> 8);
            for (int j = 0; j < BLOCK / 2; j++) {
                int lo = nibble(x[in + j] * id);
                int hi = nibble(x[in + BLOCK / 2 + j] * id);
                dst[out + 2 + j] = (byte) (lo | (hi << 4));
            }
        }
    }

    /** {@code MIN(15, (int8_t)(v + 8.5f))}; {@code v + 8.5f} lies in [0.5, 16.5] up to rounding, so never negative. */
    private static int nibble(float v) {
        return Math.min(15, (int) (v + 8.5f));
    }
}
