package dev.bindery.http.internal;

import java.nio.file.Path;

/**
 * Media a request carries: bytes with their media type (a data URI, base64, a download) or a file under a media root.
 * Exactly one of {@code bytes} and {@code file} is set; {@code mediaType} may be {@code null} (the encoder sniffs).
 */
final class Media {
    private final byte[] bytes;
    private final Path file;
    private final String mediaType;

    private Media(byte[] bytes, Path file, String mediaType) {
        this.bytes = bytes;
        this.file = file;
        this.mediaType = mediaType;
    }

    static Media ofBytes(byte[] bytes, String mediaType) {
        return new Media(bytes, null, mediaType);
    }

    static Media ofFile(Path file) {
        return new Media(null, file, null);
    }

    /** The bytes, or {@code null} for a file. */
    byte[] bytes() {
        return bytes;
    }

    /** The file, or {@code null} for bytes. */
    Path file() {
        return file;
    }

    String mediaType() {
        return mediaType;
    }

    Media withMediaType(String type) {
        return new Media(bytes, file, type);
    }
}
