package dev.bindery.encoder.text.internal;

import java.text.Normalizer;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ftfy 6.3.1's {@code fix_text(text)} with its default configuration, which upstream's tokenizer runs first.
 *
 * <p>The text is fixed line by line (each segment ends after a newline). HTML entities are decoded only until a
 * segment contains {@code <} (then the text may be HTML, and from that segment on they are left alone). Each segment
 * goes through ftfy's fixes in ftfy's order, repeated until nothing changes: decode unambiguous HTML entities
 * (semicolon required; all-caps forms of lower-case names such as {@code &EACUTE;} too), C1 controls as
 * Windows-1252, Latin ligatures ({@code ﬁ} to {@code fi}), full-width and half-width forms (and U+3000) to their
 * normal forms, curly quotes to straight ones, every line break to {@code \n}, surrogates, ANSI terminal escapes,
 * unwanted control characters, then NFC.
 *
 * <p><b>Not replicated:</b> ftfy's mojibake repair ({@code fix_encoding}: re-decoding text that was decoded with the
 * wrong codec, with its {@code restore_byte_a0}, {@code replace_lossy_sequences} and {@code decode_inconsistent_utf8}
 * steps). It is a heuristic over large character-class tables and only changes text that already is mojibake (such as
 * {@code "cafÃ©"}, which ftfy turns into {@code "café"} and this class leaves as is). Correctly decoded text, which is
 * all this platform produces, is unaffected.
 */
final class FtfyText {
    private static final Pattern ENTITY = Pattern.compile("&#?[0-9A-Za-z]{1,24};");
    private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[((?:\\p{Nd}|;)*)([a-zA-Z])");
    private static final Map<String, String> ENTITIES = buildEntities();
    private static final Map<Integer, String> LIGATURES = buildLigatures();
    private static final Map<Integer, String> WIDTH = buildWidthMap();

    private FtfyText() {
    }

    static String fixText(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean unescape = true;
        int pos = 0;
        while (pos < text.length()) {
            int lineEnd = text.indexOf('\n', pos) + 1;
            if (lineEnd == 0) {
                lineEnd = text.length();
            }
            String segment = text.substring(pos, lineEnd);
            if (unescape && segment.indexOf('<') >= 0) {
                unescape = false;
            }
            out.append(fixSegment(segment, unescape));
            pos = lineEnd;
        }
        return out.toString();
    }

    private static String fixSegment(String text, boolean unescape) {
        while (true) {
            String original = text;
            if (unescape) {
                text = unescapeHtml(text);
            }
            text = fixC1Controls(text);
            text = translate(text, LIGATURES);
            text = translate(text, WIDTH);
            text = uncurlQuotes(text);
            text = fixLineBreaks(text);
            text = fixSurrogates(text);
            text = ANSI_ESCAPE.matcher(text).replaceAll("");
            text = removeControlChars(text);
            text = Normalizer.normalize(text, Normalizer.Form.NFC);
            if (text.equals(original)) {
                return text;
            }
        }
    }

    /** ftfy's own entity decoding: only references that end in a semicolon, and the all-caps forms it adds. */
    static String unescapeHtml(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        Matcher m = ENTITY.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            String entity = m.group();
            String replacement = ENTITIES.get(entity);
            if (replacement == null) {
                replacement = entity;
                if (entity.startsWith("&#")) {
                    String decoded = PythonHtml.unescape(entity);
                    // If the semicolon survived, html.unescape decoded only part of it: keep the original.
                    replacement = decoded.indexOf(';') >= 0 ? entity : decoded;
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String fixC1Controls(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Windows1252.isC1(c)) {
                if (out == null) {
                    out = new StringBuilder(text);
                }
                out.setCharAt(i, Windows1252.fromC1(c));
            }
        }
        return out == null ? text : out.toString();
    }

    private static String uncurlQuotes(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u02BC' || (c >= '\u2018' && c <= '\u201B')) {
                out.append('\'');
            } else if (c >= '\u201C' && c <= '\u201F') {
                out.append('"');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String fixLineBreaks(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n').replace('\u2028', '\n').replace('\u2029', '\n')
                .replace('\u0085', '\n');
    }

    /** Paired surrogates already form one code point in Java; a lone surrogate becomes U+FFFD. */
    private static String fixSurrogates(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            out.appendCodePoint(Character.isSurrogate((char) cp) && cp <= 0xFFFF ? 0xFFFD : cp);
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    private static String removeControlChars(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F
                    || (c >= 0x206A && c <= 0x206F) || c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFC);
            if (!control) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String translate(String text, Map<Integer, String> table) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            String mapped = table.get(cp);
            if (mapped != null) {
                out.append(mapped);
            } else {
                out.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /**
     * ftfy's HTML_ENTITIES: every HTML5 name that ends in a semicolon, plus the upper-cased form of each lower-case
     * name that Python's {@code html.unescape} would leave alone, decoding to the upper-cased character(s).
     */
    private static Map<String, String> buildEntities() {
        Map<String, String> entities = new HashMap<>();
        for (Map.Entry<String, String> e : Html5Entities.all().entrySet()) {
            String name = e.getKey();
            if (!name.endsWith(";")) {
                continue;
            }
            entities.put("&" + name, e.getValue());
            if (name.equals(name.toLowerCase(Locale.ROOT))) {
                String upper = "&" + name.toUpperCase(Locale.ROOT);
                if (PythonHtml.unescape(upper).equals(upper)) {
                    entities.putIfAbsent(upper, e.getValue().toUpperCase(Locale.ROOT));
                }
            }
        }
        return Collections.unmodifiableMap(entities);
    }

    private static Map<Integer, String> buildLigatures() {
        Map<Integer, String> map = new HashMap<>();
        String[][] pairs = {
            {"\u0132", "IJ"}, {"\u0133", "ij"}, {"\u0149", "\u02BCn"},
            {"\u01F1", "DZ"}, {"\u01F2", "Dz"}, {"\u01F3", "dz"},
            {"\u01C4", "D\u017D"}, {"\u01C5", "D\u017E"}, {"\u01C6", "d\u017E"},
            {"\u01C7", "LJ"}, {"\u01C8", "Lj"}, {"\u01C9", "lj"},
            {"\u01CA", "NJ"}, {"\u01CB", "Nj"}, {"\u01CC", "nj"},
            {"\uFB00", "ff"}, {"\uFB01", "fi"}, {"\uFB02", "fl"}, {"\uFB03", "ffi"}, {"\uFB04", "ffl"},
            {"\uFB05", "\u017Ft"}, {"\uFB06", "st"},
        };
        for (String[] p : pairs) {
            map.put(p[0].codePointAt(0), p[1]);
        }
        return Collections.unmodifiableMap(map);
    }

    /** U+3000 to a space, and each of U+FF01..U+FFEF to its NFKC form where that differs. */
    private static Map<Integer, String> buildWidthMap() {
        Map<Integer, String> map = new HashMap<>();
        map.put(0x3000, " ");
        for (int cp = 0xFF01; cp < 0xFFF0; cp++) {
            String c = new String(Character.toChars(cp));
            String normal = Normalizer.normalize(c, Normalizer.Form.NFKC);
            if (!normal.equals(c)) {
                map.put(cp, normal);
            }
        }
        return Collections.unmodifiableMap(map);
    }
}
