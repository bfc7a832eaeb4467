package dev.bindery.encoder.image.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The image formats the decoder accepts, recognised by their signature bytes (never by file name), and a description
 * of content that is not one of them, so that an audio file or a point cloud sent as an image gets a message that says
 * so.
 */
enum ImageFormat {
    JPEG("jpeg"),
    PNG("png"),
    GIF("gif"),
    BMP("bmp");

    /** The format name javax.imageio registers its reader under. */
    final String imageIoName;

    ImageFormat(String imageIoName) {
        this.imageIoName = imageIoName;
    }

    /** @return the format whose signature starts {@code data}, or {@code null} */
    static ImageFormat sniff(byte[] data) {
        if (startsWith(data, 0, 0xFF, 0xD8, 0xFF)) {
            return JPEG;
        }
        if (startsWith(data, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return PNG;
        }
        if (startsWith(data, 0, 'G', 'I', 'F', '8') && data.length > 5 && (data[4] == '7' || data[4] == '9')
                && data[5] == 'a') {
            return GIF;
        }
        if (startsWith(data, 0, 'B', 'M')) {
            return BMP;
        }
        return null;
    }

    /**
     * The image size the fixed-position header fields declare, read without a decoder: PNG's IHDR (when it is the
     * first chunk, as the PNG specification requires), BMP's info header
     * (a negative height means top-down rows), GIF's logical screen. JPEG keeps its size in a frame marker at a
     * variable offset, so it returns {@code null} there and the JDK reader's header parse is used instead.
     *
     * @return {width, height}, or {@code null} if the format has no fixed header or the data is too short
     */
    long[] declaredSize(byte[] data) {
        ByteBuffer buffer = ByteBuffer.wrap(data);
        switch (this) {
            case PNG:
                if (data.length < 24 || !startsWith(data, 12, 'I', 'H', 'D', 'R')) {
                    return null;
                }
                return new long[] {buffer.getInt(16) & 0xFFFFFFFFL, buffer.getInt(20) & 0xFFFFFFFFL};
            case BMP:
                buffer.order(ByteOrder.LITTLE_ENDIAN);
                return data.length >= 26 ? new long[] {Math.abs((long) buffer.getInt(18)),
                        Math.abs((long) buffer.getInt(22))} : null;
            case GIF:
                buffer.order(ByteOrder.LITTLE_ENDIAN);
                return data.length >= 10 ? new long[] {buffer.getShort(6) & 0xFFFF, buffer.getShort(8) & 0xFFFF} : null;
            default:
                return null;
        }
    }

    /** A short guess at what non-image content is, for error messages. */
    static String describeOther(byte[] data) {
        if (startsWith(data, 0, 'R', 'I', 'F', 'F') && startsWith(data, 8, 'W', 'A', 'V', 'E')) {
            return "a WAV audio file";
        }
        if (startsWith(data, 0, 'R', 'I', 'F', 'F') && startsWith(data, 8, 'W', 'E', 'B', 'P')) {
            return "a WebP image (not supported)";
        }
        if (startsWith(data, 0, 'I', 'D', '3') || startsWith(data, 0, 'f', 'L', 'a', 'C')
                || startsWith(data, 0, 'O', 'g', 'g', 'S')) {
            return "an audio file";
        }
        if (startsWith(data, 0, 0x93, 'N', 'U', 'M', 'P', 'Y')) {
            return "a NumPy .npy array";
        }
        if (startsWith(data, 0, 'p', 'l', 'y')) {
            return "a PLY point cloud";
        }
        if (startsWith(data, 0, 'I', 'I', 0x2A, 0x00) || startsWith(data, 0, 'M', 'M', 0x00, 0x2A)) {
            return "a TIFF image (not supported)";
        }
        if (data.length > 8 && startsWith(data, 4, 'f', 't', 'y', 'p')) {
            return "an ISO media file (video, HEIF or AVIF; not supported)";
        }
        int n = Math.min(data.length, 8);
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < n; i++) {
            hex.append(String.format("%02x", data[i] & 0xFF));
        }
        String text = new String(data, 0, n, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", ".");
        return "unrecognised content (first bytes " + hex + " \"" + text + "\")";
    }

    private static boolean startsWith(byte[] data, int at, int... signature) {
        if (data.length < at + signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((data[at + i] & 0xFF) != signature[i]) {
                return false;
            }
        }
        return true;
    }
}
