package dev.bindery.encoder.text.internal;

/**
 * Python 3.11's {@code html.unescape}: numeric references ({@code &#233;}, {@code &#xE9;}, semicolon optional) and
 * the HTML5 named references, including the legacy names HTML accepts without a semicolon and the longest-prefix rule
 * ({@code &notit;} reads as {@code ¬it;}). References to NUL, CR, C1 controls, surrogates, non-characters and values
 * past U+10FFFF are mapped as the HTML5 parser (and Python) maps them. Implemented as a scanner over code points
 * because Python's pattern counts the 32-character name limit in code points.
 */
final class PythonHtml {
    private static final int MAX_NAME_CODE_POINTS = 32;
    private static final int TOO_BIG = 0x110000;

    private PythonHtml() {
    }

    static String unescape(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c != '&') {
                out.append(c);
                i++;
                continue;
            }
            int end = referenceEnd(s, i + 1);
            if (end < 0) {
                out.append('&');
                i++;
                continue;
            }
            out.append(replacement(s.substring(i + 1, end)));
            i = end;
        }
        return out.toString();
    }

    /**
     * The end of the reference starting after an ampersand at {@code p}, following Python's pattern
     * {@code #[0-9]+;? | #[xX][0-9a-fA-F]+;? | [^\t\n\f <&#;]{1,32};?}, or -1 when nothing matches.
     */
    private static int referenceEnd(String s, int p) {
        int n = s.length();
        if (p >= n) {
            return -1;
        }
        if (s.charAt(p) == '#') {
            int q = p + 1;
            if (q < n && isDigit(s.charAt(q))) {
                while (q < n && isDigit(s.charAt(q))) {
                    q++;
                }
                return q < n && s.charAt(q) == ';' ? q + 1 : q;
            }
            if (q + 1 < n && (s.charAt(q) == 'x' || s.charAt(q) == 'X') && isHexDigit(s.charAt(q + 1))) {
                q++;
                while (q < n && isHexDigit(s.charAt(q))) {
                    q++;
                }
                return q < n && s.charAt(q) == ';' ? q + 1 : q;
            }
            return -1;
        }
        int q = p;
        int count = 0;
        while (q < n && count < MAX_NAME_CODE_POINTS) {
            int cp = s.codePointAt(q);
            if (cp == '\t' || cp == '\n' || cp == '\f' || cp == ' ' || cp == '<' || cp == '&' || cp == '#'
                    || cp == ';') {
                break;
            }
            q += Character.charCount(cp);
            count++;
        }
        if (count == 0) {
            return -1;
        }
        return q < n && s.charAt(q) == ';' ? q + 1 : q;
    }

    /** The text a matched reference (without its ampersand) stands for. */
    private static String replacement(String ref) {
        if (ref.charAt(0) == '#') {
            return numeric(ref);
        }
        String whole = Html5Entities.get(ref);
        if (whole != null) {
            return whole;
        }
        for (int x = ref.length() - 1; x > 1; x--) {
            String prefix = Html5Entities.get(ref.substring(0, x));
            if (prefix != null) {
                return prefix + ref.substring(x);
            }
        }
        return "&" + ref;
    }

    private static String numeric(String ref) {
        boolean hex = ref.charAt(1) == 'x' || ref.charAt(1) == 'X';
        int start = hex ? 2 : 1;
        int end = ref.endsWith(";") ? ref.length() - 1 : ref.length();
        int radix = hex ? 16 : 10;
        int value = 0;
        for (int i = start; i < end; i++) {
            value = value * radix + Character.digit(ref.charAt(i), radix);
            if (value >= TOO_BIG) {
                value = TOO_BIG; // Python has arbitrary precision; anything this large maps to U+FFFD
                break;
            }
        }
        if (value == 0x00) {
            return "\uFFFD";
        }
        if (value == 0x0D) {
            return "\r";
        }
        if (Windows1252.isC1(value)) {
            return String.valueOf(Windows1252.fromC1(value));
        }
        if ((value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF) {
            return "\uFFFD";
        }
        if (isInvalidCodePoint(value)) {
            return "";
        }
        return new String(Character.toChars(value));
    }

    /** Python's {@code _invalid_codepoints}: controls and non-characters that a reference may not produce. */
    private static boolean isInvalidCodePoint(int cp) {
        return (cp >= 0x01 && cp <= 0x08) || cp == 0x0B || (cp >= 0x0E && cp <= 0x1F) || (cp >= 0x7F && cp <= 0x9F)
                || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
