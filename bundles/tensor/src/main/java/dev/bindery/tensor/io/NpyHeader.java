package dev.bindery.tensor.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dictionary literal of an .npy header, e.g. {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 32), }}.
 * Only the Python literal forms numpy writes are understood: quoted strings, True/False, tuples of integers.
 */
final class NpyHeader {
    final String descr;
    final boolean fortranOrder;
    final long[] shape;

    private NpyHeader(String descr, boolean fortranOrder, long[] shape) {
        this.descr = descr;
        this.fortranOrder = fortranOrder;
        this.shape = shape;
    }

    /** Parses the header text; {@code problem} messages go into a FormatException by the caller. */
    static NpyHeader parse(String text) {
        Map<String, Object> dict = new Parser(text.strip()).dict();
        Object descr = dict.get("descr");
        Object fortran = dict.get("fortran_order");
        Object shape = dict.get("shape");
        if (!(descr instanceof String)) {
            throw new IllegalArgumentException("header has no string 'descr' (structured dtypes are not supported)");
        }
        if (!(fortran instanceof Boolean)) {
            throw new IllegalArgumentException("header has no boolean 'fortran_order'");
        }
        if (!(shape instanceof long[])) {
            throw new IllegalArgumentException("header has no integer tuple 'shape'");
        }
        return new NpyHeader((String) descr, (Boolean) fortran, (long[]) shape);
    }

    /** Formats a header dictionary the way numpy does (before padding). */
    static String format(String descr, long[] shape) {
        StringBuilder sb = new StringBuilder("{'descr': '").append(descr).append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            sb.append(shape[i]);
            if (shape.length == 1 || i < shape.length - 1) {
                sb.append(shape.length == 1 ? "," : ", ");
            }
        }
        return sb.append("), }").toString();
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        Map<String, Object> dict() {
            Map<String, Object> d = new LinkedHashMap<>();
            expect('{');
            while (true) {
                space();
                if (peek() == '}') {
                    pos++;
                    return d;
                }
                String key = quoted();
                space();
                expect(':');
                space();
                d.put(key, value());
                space();
                if (peek() == ',') {
                    pos++;
                }
            }
        }

        private Object value() {
            char c = peek();
            if (c == '\'' || c == '"') {
                return quoted();
            }
            if (c == '(') {
                return tuple();
            }
            if (s.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            throw new IllegalArgumentException("unexpected '" + c + "' at " + pos + " in header " + s);
        }

        private long[] tuple() {
            expect('(');
            List<Long> dims = new ArrayList<>();
            while (true) {
                space();
                if (peek() == ')') {
                    pos++;
                    break;
                }
                int start = pos;
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                    pos++;
                }
                if (start == pos) {
                    throw new IllegalArgumentException("shape must be a tuple of non-negative integers: " + s);
                }
                dims.add(Long.parseLong(s.substring(start, pos)));
                space();
                if (peek() == ',') {
                    pos++;
                }
            }
            long[] out = new long[dims.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = dims.get(i);
            }
            return out;
        }

        private String quoted() {
            char q = peek();
            if (q != '\'' && q != '"') {
                throw new IllegalArgumentException("expected a quoted string at " + pos + " in header " + s);
            }
            int end = s.indexOf(q, pos + 1);
            if (end < 0) {
                throw new IllegalArgumentException("unterminated string in header " + s);
            }
            String v = s.substring(pos + 1, end);
            pos = end + 1;
            return v;
        }

        private void space() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private char peek() {
            if (pos >= s.length()) {
                throw new IllegalArgumentException("header ends early: " + s);
            }
            return s.charAt(pos);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + pos + " in header " + s);
            }
            pos++;
        }
    }
}
