package dev.bindery.encoder.text.internal;

/**
 * The characters Windows-1252 assigns to the bytes 0x80..0x9F, with the five bytes it leaves undefined (0x81, 0x8D,
 * 0x8F, 0x90, 0x9D) mapped to the C1 control of the same value. This is both ftfy's "sloppy-windows-1252" for that
 * range and the table Python's {@code html.unescape} uses for numeric references to C1 controls.
 */
final class Windows1252 {
    private static final char[] HIGH_CONTROLS = {
        '\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021',
        '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
        '\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
        '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
    };

    private Windows1252() {
    }

    /** @param c a character in U+0080..U+009F */
    static char fromC1(int c) {
        return HIGH_CONTROLS[c - 0x80];
    }

    static boolean isC1(int c) {
        return c >= 0x80 && c <= 0x9F;
    }
}
