package dev.bindery.encoder.text.internal;

/**
 * Upstream's text cleaning before BPE: {@code whitespace_clean(basic_clean(text)).lower()}, i.e. ftfy
 * {@code fix_text}, Python's {@code html.unescape} twice, strip, every whitespace run to one space, strip, lower-case.
 *
 * <p>Whitespace is Python's: the characters for which {@code str.isspace()} is true (ASCII tab to carriage return,
 * U+001C..U+001F, space, U+0085, U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000). The regex
 * module's {@code \s} differs from that only in U+001C..U+001F, which ftfy has removed before. Lower-casing is
 * Python's ({@link PythonLowerCase}).
 */
final class TextCleaner {
    private TextCleaner() {
    }

    static String clean(String text) {
        String basic = strip(PythonHtml.unescape(PythonHtml.unescape(FtfyText.fixText(text))));
        return PythonLowerCase.lower(collapseWhitespace(basic));
    }

    /** Python's {@code str.isspace()} for one character. */
    static boolean isPythonWhitespace(int c) {
        return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680
                || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F
                || c == 0x3000;
    }

    static String strip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isPythonWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && isPythonWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    /** {@code re.sub(r"\s+", " ", text).strip()}. */
    static String collapseWhitespace(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean inRun = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isPythonWhitespace(c)) {
                if (!inRun) {
                    out.append(' ');
                    inRun = true;
                }
            } else {
                out.append(c);
                inRun = false;
            }
        }
        return strip(out.toString());
    }
}
