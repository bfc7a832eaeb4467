package dev.bindery.encoder.audio.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes WAV files for tests: any container (RIFF, RIFX, RF64), plain or WAVE_FORMAT_EXTENSIBLE fmt chunks, and
 * raw sample bytes given per frame, so that tests can build both valid and deliberately broken files.
 */
final class TestWav {
    static final int PCM = 1;
    static final int FLOAT = 3;
    static final int EXTENSIBLE = 0xFFFE;

    String magic = "RIFF";
    int formatTag = PCM;
    int subFormat = PCM;
    int channels = 1;
    long sampleRate = 16_000;
    int bitsPerSample = 16;
    int blockAlign = -1;
    /** Data chunk size to declare; -1 = the real size. */
    long declaredDataSize = -1;
    /** Extra chunk placed before fmt (e.g. LIST), null for none. */
    byte[] chunkBeforeFmt;

    private boolean bigEndian() {
        return magic.equals("RIFX");
    }

    /** Encodes samples (channels interleaved, frame-major) given as integers or raw float bits of the layout. */
    byte[] build(byte[] data) {
        ByteOrder order = bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        boolean ext = formatTag == EXTENSIBLE;
        int fmtSize = ext ? 40 : 16;
        int align = blockAlign >= 0 ? blockAlign : channels * ((bitsPerSample + 7) / 8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer head = ByteBuffer.allocate(256).order(order);
        head.put(ascii(magic));
        head.putInt(magic.equals("RF64") ? -1 : 0);
        head.put(ascii("WAVE"));
        long dataSize = declaredDataSize >= 0 ? declaredDataSize : data.length;
        if (magic.equals("RF64")) {
            head.put(ascii("ds64")).putInt(28).putLong(0).putLong(dataSize).putLong(0).putInt(0);
        }
        if (chunkBeforeFmt != null) {
            head.put(chunkBeforeFmt);
        }
        head.put(ascii("fmt ")).putInt(fmtSize);
        head.putShort((short) formatTag).putShort((short) channels).putInt((int) sampleRate)
                .putInt((int) (sampleRate * align)).putShort((short) align).putShort((short) bitsPerSample);
        if (ext) {
            head.putShort((short) 22).putShort((short) bitsPerSample).putInt(0);
            head.putShort((short) subFormat);
            head.put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
        }
        head.put(ascii("data")).putInt(magic.equals("RF64") ? -1 : (int) dataSize);
        out.write(head.array(), 0, head.position());
        out.write(data, 0, data.length);
        return out.toByteArray();
    }

    /** Integer samples of {@code bytes} bytes each in the file's byte order (8-bit: unsigned values). */
    byte[] intSamples(long[] samples, int bytes) {
        byte[] b = new byte[samples.length * bytes];
        for (int i = 0; i < samples.length; i++) {
            for (int k = 0; k < bytes; k++) {
                int shift = 8 * (bigEndian() ? bytes - 1 - k : k);
                b[i * bytes + k] = (byte) (samples[i] >> shift);
            }
        }
        return b;
    }

    byte[] floatSamples(float[] samples) {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 4).order(bigEndian() ? ByteOrder.BIG_ENDIAN
                : ByteOrder.LITTLE_ENDIAN);
        for (float f : samples) {
            b.putFloat(f);
        }
        return b.array();
    }

    byte[] doubleSamples(double[] samples) {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 8).order(bigEndian() ? ByteOrder.BIG_ENDIAN
                : ByteOrder.LITTLE_ENDIAN);
        for (double d : samples) {
            b.putDouble(d);
        }
        return b.array();
    }

    static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
