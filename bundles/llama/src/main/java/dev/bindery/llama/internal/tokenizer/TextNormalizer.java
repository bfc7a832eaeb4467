package dev.bindery.llama.internal.tokenizer;

/**
 * SentencePiece's normaliser for models without a character map (the identity rule, as LLaMA's): optional removal
 * of leading, trailing and repeated spaces, the dummy space in front (or at the end), and spaces replaced with
 * U+2581. Only the ASCII space counts as whitespace here; tabs and newlines stay as they are. A lone surrogate
 * (not encodable as UTF-8) becomes U+FFFD, as SentencePiece does with malformed UTF-8.
 */
final class TextNormalizer {
    private static final String SPACE = String.valueOf(NormalizerOptions.SPACE_SYMBOL);

    private final NormalizerOptions options;
    private final UserSymbolMatcher userSymbols;

    TextNormalizer(NormalizerOptions options, UserSymbolMatcher userSymbols) {
        this.options = options;
        this.userSymbols = userSymbols;
    }

    String normalize(String text) {
        int n = text.length();
        int at = 0;
        if (options.removeExtraWhitespaces()) {
            while (at < n && text.charAt(at) == ' ' && userSymbols.matchAt(text, at) == 0) {
                at++;
            }
        }
        if (at == n) {
            return "";
        }
        StringBuilder out = new StringBuilder(n + 8);
        boolean dummySpace = options.addDummyPrefix();
        if (dummySpace && !options.treatWhitespaceAsSuffix()) {
            appendSpace(out);
        }
        boolean previousWasSpace = options.removeExtraWhitespaces();
        while (at < n) {
            int length = userSymbols.matchAt(text, at);
            if (length == 0) {
                length = UserSymbolMatcher.charLength(text, at);
            }
            String unit = text.substring(at, at + length);
            if (Character.isSurrogate(unit.charAt(0)) && length == 1) {
                unit = "\uFFFD";
            }
            int skip = 0;
            while (previousWasSpace && skip < unit.length() && unit.charAt(skip) == ' ') {
                skip++;
            }
            if (skip < unit.length()) {
                for (int i = skip; i < unit.length(); i++) {
                    char c = unit.charAt(i);
                    if (c == ' ') {
                        appendSpace(out);
                    } else {
                        out.append(c);
                    }
                }
                previousWasSpace = unit.charAt(unit.length() - 1) == ' ';
            }
            at += length;
            if (!options.removeExtraWhitespaces()) {
                previousWasSpace = false;
            }
        }
        if (options.removeExtraWhitespaces()) {
            String space = options.escapeWhitespaces() ? SPACE : " ";
            while (out.length() > 0 && out.charAt(out.length() - 1) == space.charAt(0)) {
                out.setLength(out.length() - 1);
            }
        }
        if (dummySpace && options.treatWhitespaceAsSuffix()) {
            appendSpace(out);
        }
        return out.toString();
    }

    private void appendSpace(StringBuilder out) {
        out.append(options.escapeWhitespaces() ? NormalizerOptions.SPACE_SYMBOL : ' ');
    }
}
