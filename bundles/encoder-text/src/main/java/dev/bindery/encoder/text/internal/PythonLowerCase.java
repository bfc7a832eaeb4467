package dev.bindery.encoder.text.internal;

/**
 * Python's {@code str.lower()}: the full Unicode lower-case mapping, locale-independent. Java's
 * {@code String.toLowerCase(Locale.ROOT)} differs in one place, the Greek capital sigma: Python applies the Unicode
 * Final_Sigma condition literally (σ becomes ς only when a cased letter precedes it, skipping case-ignorable
 * characters, and no cased letter follows it the same way), Java uses its own word-boundary heuristic ("1Σ" or
 * "“Σ" give ς in Java, σ in Python). Character properties come from the JDK (Unicode 13 on Java 17; Python 3.11
 * has Unicode 14, so only characters new in Unicode 14 may differ).
 */
final class PythonLowerCase {
    private static final int CAPITAL_SIGMA = 0x03A3;
    private static final int CAPITAL_I_WITH_DOT = 0x0130;

    private PythonLowerCase() {
    }

    static String lower(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (cp == CAPITAL_SIGMA) {
                out.append(isFinalSigma(text, i) ? '\u03C2' : '\u03C3');
            } else if (cp == CAPITAL_I_WITH_DOT) {
                out.append("i\u0307"); // the one unconditional multi-character lower-case mapping
            } else {
                out.appendCodePoint(Character.toLowerCase(cp));
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /** Unicode's Final_Sigma: {@code \p{cased} \p{case-ignorable}* Σ !(\p{case-ignorable}* \p{cased})}. */
    private static boolean isFinalSigma(String text, int at) {
        int j = at;
        int before = -1;
        while (j > 0) {
            int cp = text.codePointBefore(j);
            j -= Character.charCount(cp);
            if (!isCaseIgnorable(cp)) {
                before = cp;
                break;
            }
        }
        if (before < 0 || !isCased(before)) {
            return false;
        }
        for (int k = at + 1; k < text.length(); ) {
            int cp = text.codePointAt(k);
            if (!isCaseIgnorable(cp)) {
                return !isCased(cp);
            }
            k += Character.charCount(cp);
        }
        return true;
    }

    static boolean isCased(int cp) {
        return Character.isLowerCase(cp) || Character.isUpperCase(cp) || Character.isTitleCase(cp);
    }

    /**
     * Unicode's Case_Ignorable: marks (Mn, Me), format characters (Cf), modifier letters and symbols (Lm, Sk), and the
     * characters whose Word_Break property is MidLetter, MidNumLet or Single_Quote.
     */
    static boolean isCaseIgnorable(int cp) {
        switch (Character.getType(cp)) {
            case Character.NON_SPACING_MARK:
            case Character.ENCLOSING_MARK:
            case Character.FORMAT:
            case Character.MODIFIER_LETTER:
            case Character.MODIFIER_SYMBOL:
                return true;
            default:
                break;
        }
        switch (cp) {
            case '\'': case '.': case ':': case 0x00B7: case 0x0387: case 0x055F: case 0x05F4: case 0x2018:
            case 0x2019: case 0x2024: case 0x2027: case 0xFE13: case 0xFE52: case 0xFE55: case 0xFF07: case 0xFF0E:
            case 0xFF1A:
                return true;
            default:
                return false;
        }
    }
}
