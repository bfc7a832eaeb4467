package dev.bindery.llama.internal.tokenizer;

/**
 * UTF-8 decoding with SentencePiece's rules for byte pieces: a well-formed character (no overlong form, no surrogate,
 * at most U+10FFFF) is kept; any other byte becomes one U+FFFD and decoding resumes at the next byte.
 */
final class Utf8Bytes {
    /** Returned by {@link #decodeAt} for a byte that does not start a well-formed character. */
    static final int INVALID = -1;

    private Utf8Bytes() {
    }

    /**
     * Decodes the character at {@code at}.
     *
     * @return the code point and its byte length packed as {@code codePoint << 3 | length}, or {@link #INVALID}
     */
    static long decodeAt(byte[] bytes, int at, int end) {
        int b0 = bytes[at] & 0xFF;
        int available = end - at;
        if (b0 < 0x80) {
            return pack(b0, 1);
        }
        if ((b0 & 0xE0) == 0xC0 && available >= 2 && isTrail(bytes[at + 1])) {
            int cp = (b0 & 0x1F) << 6 | (bytes[at + 1] & 0x3F);
            return cp >= 0x80 ? pack(cp, 2) : INVALID;
        }
        if ((b0 & 0xF0) == 0xE0 && available >= 3 && isTrail(bytes[at + 1]) && isTrail(bytes[at + 2])) {
            int cp = (b0 & 0x0F) << 12 | (bytes[at + 1] & 0x3F) << 6 | (bytes[at + 2] & 0x3F);
            return cp >= 0x800 && isScalar(cp) ? pack(cp, 3) : INVALID;
        }
        if ((b0 & 0xF8) == 0xF0 && available >= 4 && isTrail(bytes[at + 1]) && isTrail(bytes[at + 2])
                && isTrail(bytes[at + 3])) {
            int cp = (b0 & 0x07) << 18 | (bytes[at + 1] & 0x3F) << 12 | (bytes[at + 2] & 0x3F) << 6
                    | (bytes[at + 3] & 0x3F);
            return cp >= 0x10000 && isScalar(cp) ? pack(cp, 4) : INVALID;
        }
        return INVALID;
    }

    static int codePoint(long packed) {
        return (int) (packed >>> 3);
    }

    static int length(long packed) {
        return (int) (packed & 7);
    }

    /** Appends the decoded bytes to {@code out}, one U+FFFD per byte that starts no well-formed character. */
    static void appendDecoded(byte[] bytes, int count, StringBuilder out) {
        int at = 0;
        while (at < count) {
            long c = decodeAt(bytes, at, count);
            if (c == INVALID) {
                out.append('\uFFFD');
                at++;
            } else {
                out.appendCodePoint(codePoint(c));
                at += length(c);
            }
        }
    }

    /**
     * Whether {@code bytes[at..end)} is a proper prefix of a well-formed character, i.e. more bytes could still make
     * it decode (streaming holds such a tail back instead of printing U+FFFD).
     */
    static boolean isIncompletePrefix(byte[] bytes, int at, int end) {
        int b0 = bytes[at] & 0xFF;
        int needed = (b0 & 0xE0) == 0xC0 ? 2 : (b0 & 0xF0) == 0xE0 ? 3 : (b0 & 0xF8) == 0xF0 ? 4 : 0;
        int have = end - at;
        if (needed == 0 || have >= needed) {
            return false;
        }
        for (int i = 1; i < have; i++) {
            if (!isTrail(bytes[at + i])) {
                return false;
            }
        }
        return couldComplete(bytes, at, have, needed);
    }

    private static boolean couldComplete(byte[] bytes, int at, int have, int needed) {
        // Try every value of the first missing byte; later missing bytes never affect validity.
        byte[] probe = new byte[needed];
        System.arraycopy(bytes, at, probe, 0, have);
        for (int v = 0x80; v <= 0xBF; v++) {
            probe[have] = (byte) v;
            for (int i = have + 1; i < needed; i++) {
                probe[i] = (byte) 0x80;
            }
            if (decodeAt(probe, 0, needed) != INVALID) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTrail(byte b) {
        return (b & 0xC0) == 0x80;
    }

    private static boolean isScalar(int cp) {
        return cp < 0xD800 || (cp >= 0xE000 && cp <= 0x10FFFF);
    }

    private static long pack(int codePoint, int length) {
        return (long) codePoint << 3 | length;
    }
}
