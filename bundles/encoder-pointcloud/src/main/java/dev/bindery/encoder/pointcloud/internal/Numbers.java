package dev.bindery.encoder.pointcloud.internal;

/**
 * Strict parsing of the number tokens in text point files. Decimal floats ({@code -1.5e-3}, {@code .5}, {@code 7.})
 * and the words {@code nan}, {@code inf}, {@code infinity} (any case, optional sign, as C's {@code strtod} and
 * Python's {@code float} accept them) parse to the correctly rounded double, like the upstream parsers. Everything
 * else, including Java-only forms such as {@code 1.5f} or hexadecimal floats, is rejected.
 */
final class Numbers {
    private Numbers() {
    }

    /**
     * The value of a decimal token.
     *
     * @throws NumberFormatException if the token is not a decimal number
     */
    static double parseDecimal(String token) {
        int n = token.length();
        int i = 0;
        if (i < n && (token.charAt(i) == '+' || token.charAt(i) == '-')) {
            i++;
        }
        if (i < n && Character.isLetter(token.charAt(i))) {
            return parseWord(token, i);
        }
        int digits = 0;
        while (i < n && isDigit(token.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && token.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(token.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            throw new NumberFormatException("not a number: '" + token + "'");
        }
        if (i < n && (token.charAt(i) == 'e' || token.charAt(i) == 'E')) {
            i++;
            if (i < n && (token.charAt(i) == '+' || token.charAt(i) == '-')) {
                i++;
            }
            int expDigits = 0;
            while (i < n && isDigit(token.charAt(i))) {
                i++;
                expDigits++;
            }
            if (expDigits == 0) {
                throw new NumberFormatException("not a number: '" + token + "'");
            }
        }
        if (i != n) {
            throw new NumberFormatException("not a number: '" + token + "'");
        }
        return Double.parseDouble(token);
    }

    /**
     * The value of an integer token (decimal digits, optional sign), as C's {@code strtol(.., 10)} reads the
     * integer-typed properties of ASCII PLY files.
     *
     * @throws NumberFormatException if the token is not an integer or does not fit a long
     */
    static long parseInteger(String token) {
        int start = token.startsWith("+") ? 1 : 0;
        return Long.parseLong(token.substring(start));
    }

    private static double parseWord(String token, int from) {
        String word = token.substring(from).toLowerCase(java.util.Locale.ROOT);
        boolean negative = token.charAt(0) == '-';
        switch (word) {
            case "nan":
                return Double.NaN;
            case "inf":
            case "infinity":
                return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            default:
                throw new NumberFormatException("not a number: '" + token + "'");
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
