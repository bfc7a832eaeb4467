package dev.bindery.encoder.audio.internal;

/**
 * The sample conversions of libsox, which upstream's {@code torchaudio.load} (sox_io backend) goes through: every
 * encoding is first widened to libsox's 32-bit signed sample, and torchaudio's {@code normalize=True} then maps that
 * sample to float with {@code SOX_SAMPLE_TO_FLOAT_32BIT}. Reproducing both steps gives the exact floats upstream saw:
 * integer PCM up to 24 bits comes out as {@code s / 2^(bits-1)}, 32-bit PCM and float files are rounded to a
 * multiple of 2^-24 on the way.
 */
final class SoxSamples {
    private static final int SAMPLE_MAX = Integer.MAX_VALUE;
    private static final int SAMPLE_MIN = Integer.MIN_VALUE;
    private static final double TO_FLOAT_SCALE = 1.0 / (SAMPLE_MAX + 1.0);

    private SoxSamples() {
    }

    /** {@code SOX_UNSIGNED_8BIT_TO_SAMPLE}: flip the sign bit, then move to the top byte. */
    static int fromUnsigned8(int unsignedByte) {
        return (unsignedByte ^ 0x80) << 24;
    }

    /** {@code SOX_SIGNED_16BIT_TO_SAMPLE}. */
    static int fromSigned16(int sample) {
        return sample << 16;
    }

    /** {@code SOX_SIGNED_24BIT_TO_SAMPLE}. */
    static int fromSigned24(int sample) {
        return sample << 8;
    }

    /**
     * {@code SOX_FLOAT_64BIT_TO_SAMPLE} (also used for 32-bit floats): scale by 2^31, round half away from zero,
     * saturate. The caller refuses NaN before, whose C conversion is undefined.
     */
    static int fromFloat(double value) {
        double d = value * (SAMPLE_MAX + 1.0);
        if (d < 0) {
            return d <= SAMPLE_MIN - 0.5 ? SAMPLE_MIN : (int) (d - 0.5);
        }
        return d >= SAMPLE_MAX + 0.5 ? SAMPLE_MAX : (int) (d + 0.5);
    }

    /**
     * {@code SOX_SAMPLE_TO_FLOAT_32BIT}: round to a multiple of 128 (ties up), scale by 2^-31; the top 64 values
     * saturate to exactly 1.
     */
    static float toFloat(int sample) {
        if (sample > SAMPLE_MAX - 64) {
            return 1f;
        }
        return (float) (((sample + 64) & ~127) * TO_FLOAT_SCALE);
    }
}
