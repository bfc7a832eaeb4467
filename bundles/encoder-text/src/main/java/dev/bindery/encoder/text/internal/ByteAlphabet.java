package dev.bindery.encoder.text.internal;

/**
 * GPT-2/CLIP's reversible mapping of the 256 byte values onto printable characters ({@code bytes_to_unicode}):
 * the printable Latin-1 bytes ({@code !..~}, {@code ¡..¬}, {@code ®..ÿ}) stand for themselves, the other 68 bytes
 * (controls, space, soft hyphen...) take U+0100 onwards in byte order. BPE then works on these characters, so every
 * UTF-8 text is covered without an unknown token.
 */
final class ByteAlphabet {
    private static final char[] BYTE_TO_CHAR = build();
    private static final int[] CHAR_TO_BYTE = invert(BYTE_TO_CHAR);

    private ByteAlphabet() {
    }

    /** The character byte {@code b} (0..255) stands for. */
    static char charOf(int b) {
        return BYTE_TO_CHAR[b];
    }

    /** @return the byte a character stands for, or -1 if it is not one of the 256 byte characters */
    static int byteOf(char c) {
        return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }

    /**
     * The 256 characters in upstream's vocabulary order: the printable bytes in increasing order, then the others
     * in increasing byte order (the order of {@code bytes_to_unicode().values()}).
     */
    static char[] vocabularyOrder() {
        char[] order = new char[256];
        int n = 0;
        for (int b = 0; b < 256; b++) {
            if (isPrintable(b)) {
                order[n++] = (char) b;
            }
        }
        for (int b = 0; b < 256; b++) {
            if (!isPrintable(b)) {
                order[n++] = BYTE_TO_CHAR[b];
            }
        }
        return order;
    }

    private static boolean isPrintable(int b) {
        return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    }

    private static int[] invert(char[] map) {
        int[] inverse = new int[512];
        java.util.Arrays.fill(inverse, -1);
        for (int b = 0; b < 256; b++) {
            inverse[map[b]] = b;
        }
        return inverse;
    }

    private static char[] build() {
        char[] map = new char[256];
        int next = 0;
        for (int b = 0; b < 256; b++) {
            map[b] = isPrintable(b) ? (char) b : (char) (256 + next++);
        }
        return map;
    }
}
