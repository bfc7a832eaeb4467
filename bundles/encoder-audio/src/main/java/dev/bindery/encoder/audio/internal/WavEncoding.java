package dev.bindery.encoder.audio.internal;

/** The sample encodings the WAV decoder reads: the ones libsox's WAV reader turns into plain samples. */
enum WavEncoding {
    /** 8-bit PCM, unsigned with 128 as zero (the WAV convention for 8 bits). */
    PCM_U8(1, "8-bit unsigned PCM"),
    /** 16-bit signed PCM. */
    PCM_S16(2, "16-bit signed PCM"),
    /** 24-bit signed PCM, packed in 3 bytes. */
    PCM_S24(3, "24-bit signed PCM"),
    /** 32-bit signed PCM. */
    PCM_S32(4, "32-bit signed PCM"),
    /** IEEE 754 single precision. */
    FLOAT32(4, "32-bit IEEE float"),
    /** IEEE 754 double precision. */
    FLOAT64(8, "64-bit IEEE float");

    private final int bytes;
    private final String description;

    WavEncoding(int bytes, String description) {
        this.bytes = bytes;
        this.description = description;
    }

    /** Bytes one sample of one channel takes in the file. */
    int bytesPerSample() {
        return bytes;
    }

    /** How error messages and logs name the encoding. */
    String description() {
        return description;
    }

    boolean isFloat() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /** The integer PCM encoding whose container holds {@code bytes} bytes, or null. */
    static WavEncoding pcmOfSize(int bytes) {
        switch (bytes) {
            case 1:
                return PCM_U8;
            case 2:
                return PCM_S16;
            case 3:
                return PCM_S24;
            case 4:
                return PCM_S32;
            default:
                return null;
        }
    }

    /** The float encoding whose container holds {@code bytes} bytes, or null. */
    static WavEncoding floatOfSize(int bytes) {
        return bytes == 4 ? FLOAT32 : bytes == 8 ? FLOAT64 : null;
    }
}
