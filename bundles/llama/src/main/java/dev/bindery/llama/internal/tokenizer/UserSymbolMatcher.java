package dev.bindery.llama.internal.tokenizer;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds user-defined symbols at a position of a text, longest match first, as SentencePiece's {@code PrefixMatcher}
 * does; elsewhere a "symbol" is one Unicode character. User-defined symbols are never normalised, split or merged.
 */
final class UserSymbolMatcher {
    private final Set<String> symbols;
    private final int longest;

    UserSymbolMatcher(List<String> userDefinedSymbols) {
        this.symbols = new HashSet<>(userDefinedSymbols);
        int max = 0;
        for (String s : userDefinedSymbols) {
            max = Math.max(max, s.length());
        }
        this.longest = max;
    }

    /** The length (in chars) of the longest user-defined symbol starting at {@code at}, or 0 if none does. */
    int matchAt(String text, int at) {
        for (int length = Math.min(longest, text.length() - at); length > 0; length--) {
            if (symbols.contains(text.substring(at, at + length))) {
                return length;
            }
        }
        return 0;
    }

    /** The length of one character at {@code at}: 2 for a surrogate pair, else 1. */
    static int charLength(String text, int at) {
        return Character.isHighSurrogate(text.charAt(at)) && at + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(at + 1)) ? 2 : 1;
    }
}
