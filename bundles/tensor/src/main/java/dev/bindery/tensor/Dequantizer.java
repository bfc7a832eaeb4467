package dev.bindery.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reference (scalar) dequantisation of the GGML block formats, following ggml's {@code dequantize_row_*}
 * functions value for value. Used by {@link TensorData#toFloatArray()} and by tests of the fast kernels.
 */
public final class Dequantizer {
    private Dequantizer() {
    }

    /**
     * Expands {@code blocks} consecutive blocks of {@code type} starting at byte {@code srcOffset} of {@code src}
     * (absolute index; the buffer's position is ignored) into {@code dst[dstOffset ...]}.
     *
     * @throws IllegalArgumentException if {@code type} is not a block format
     */
    public static void dequantize(DType type, ByteBuffer src, int srcOffset, float[] dst, int dstOffset, int blocks) {
        ByteBuffer le = src.order() == ByteOrder.LITTLE_ENDIAN ? src : src.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        for (int b = 0; b < blocks; b++) {
            int in = srcOffset + b * type.bytesPerBlock();
            int out = dstOffset + b * type.blockSize();
            switch (type) {
                case Q8_0 -> q8_0(le, in, dst, out);
                case Q4_0 -> q4_0(le, in, dst, out);
                case Q4_K -> q4_K(le, in, dst, out);
                case Q6_K -> q6_K(le, in, dst, out);
                default -> throw new IllegalArgumentException(type + " is not a block format");
            }
        }
    }

    // block: f16 d, int8 qs[32]; value = qs[j] * d
    private static void q8_0(ByteBuffer b, int at, float[] y, int out) {
        float d = Float16.toFloat(b.getShort(at));
        for (int j = 0; j < 32; j++) {
            y[out + j] = b.get(at + 2 + j) * d;
        }
    }

    // block: f16 d, uint8 qs[16]; low nibbles are values 0..15, high nibbles values 16..31, both offset by 8
    private static void q4_0(ByteBuffer b, int at, float[] y, int out) {
        float d = Float16.toFloat(b.getShort(at));
        for (int j = 0; j < 16; j++) {
            int q = b.get(at + 2 + j) & 0xff;
            y[out + j] = ((q & 0x0f) - 8) * d;
            y[out + j + 16] = ((q >>> 4) - 8) * d;
        }
    }

    // super-block: f16 d, f16 dmin, uint8 scales[12] (8 packed 6-bit scale/min pairs), uint8 qs[128]
    private static void q4_K(ByteBuffer b, int at, float[] y, int out) {
        float d = Float16.toFloat(b.getShort(at));
        float dmin = Float16.toFloat(b.getShort(at + 2));
        int scales = at + 4;
        int qs = at + 16;
        int sub = 0;
        for (int j = 0; j < 256; j += 64) {
            float d1 = d * scaleK4(b, scales, sub);
            float m1 = dmin * minK4(b, scales, sub);
            float d2 = d * scaleK4(b, scales, sub + 1);
            float m2 = dmin * minK4(b, scales, sub + 1);
            for (int l = 0; l < 32; l++) {
                int q = b.get(qs + l) & 0xff;
                y[out + j + l] = d1 * (q & 0x0f) - m1;
                y[out + j + 32 + l] = d2 * (q >>> 4) - m2;
            }
            qs += 32;
            sub += 2;
        }
    }

    /** 6-bit scale of sub-block {@code j} (0..7) from the 12 packed bytes (ggml get_scale_min_k4). */
    static int scaleK4(ByteBuffer b, int scales, int j) {
        if (j < 4) {
            return b.get(scales + j) & 63;
        }
        return (b.get(scales + j + 4) & 0x0f) | (((b.get(scales + j - 4) & 0xff) >>> 6) << 4);
    }

    /** 6-bit min of sub-block {@code j} (0..7) from the 12 packed bytes (ggml get_scale_min_k4). */
    static int minK4(ByteBuffer b, int scales, int j) {
        if (j < 4) {
            return b.get(scales + j + 4) & 63;
        }
        return ((b.get(scales + j + 4) & 0xff) >>> 4) | (((b.get(scales + j) & 0xff) >>> 6) << 4);
    }

    // super-block: uint8 ql[128] (low 4 bits), uint8 qh[64] (high 2 bits), int8 scales[16], f16 d
    private static void q6_K(ByteBuffer b, int at, float[] y, int out) {
        float d = Float16.toFloat(b.getShort(at + 208));
        int ql = at;
        int qh = at + 128;
        int sc = at + 192;
        for (int n = 0; n < 256; n += 128) {
            for (int l = 0; l < 32; l++) {
                int is = l / 16;
                int lo0 = b.get(ql + l) & 0xff;
                int lo32 = b.get(ql + l + 32) & 0xff;
                int hi = b.get(qh + l) & 0xff;
                int q1 = ((lo0 & 0x0f) | ((hi & 3) << 4)) - 32;
                int q2 = ((lo32 & 0x0f) | (((hi >>> 2) & 3) << 4)) - 32;
                int q3 = ((lo0 >>> 4) | (((hi >>> 4) & 3) << 4)) - 32;
                int q4 = ((lo32 >>> 4) | (((hi >>> 6) & 3) << 4)) - 32;
                y[out + n + l] = d * b.get(sc + is) * q1;
                y[out + n + l + 32] = d * b.get(sc + is + 2) * q2;
                y[out + n + l + 64] = d * b.get(sc + is + 4) * q3;
                y[out + n + l + 96] = d * b.get(sc + is + 6) * q4;
            }
            ql += 64;
            qh += 32;
            sc += 8;
        }
    }
}
