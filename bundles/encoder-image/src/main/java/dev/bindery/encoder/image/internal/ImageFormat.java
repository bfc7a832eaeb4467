package dev.bindery.encoder.image.internal;

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
