package dev.bindery.encoder.pointcloud.internal;

import dev.bindery.api.InvalidInputException;
import java.io.InputStream;

/**
 * Reads plain-text point lists: {@code .xyz} (one point per line, {@code x y z} then anything else, as open3d
 * reads the first three numbers of a line) and {@code .pts} (the same after a first line holding the point count,
 * which is then the number of points read). Values may be separated by spaces, tabs or commas. Blank lines and
 * lines starting with {@code #} are skipped; any other line without three leading numbers is an error (open3d
 * would drop it silently).
 */
final class XyzReader {
    private XyzReader() {
    }

    static PointCloud read(InputStream in, String file, int maxPoints, int maxLineBytes, boolean pts)
            throws InvalidInputException {
        LineSource lines = new LineSource(in, file, maxLineBytes);
        long declared = -1;
        if (pts) {
            String first = nextContent(lines);
            if (first == null) {
                throw PointFileErrors.of(file, "contains no points");
            }
            try {
                declared = Long.parseLong(first.strip());
            } catch (NumberFormatException e) {
                throw PointFileErrors.at(file, lines.lineNumber(), "a .pts file starts with the point count, not '"
                        + abbreviate(first.strip()) + "'");
            }
            PointSink.checkDeclared(file, declared, maxPoints, "the point count line");
        }
        PointSink sink = new PointSink(file, maxPoints, declared);
        String[] tokens = new String[3];
        String line;
        while ((declared < 0 || sink.count() < declared) && (line = nextContent(lines)) != null) {
            if (split3(line, tokens) < 3) {
                throw PointFileErrors.at(file, lines.lineNumber(), "expected three numbers, found '"
                        + abbreviate(line.strip()) + "'");
            }
            double x = number(tokens[0], file, lines);
            double y = number(tokens[1], file, lines);
            double z = number(tokens[2], file, lines);
            sink.add(x, y, z, lines.lineNumber());
        }
        if (declared >= 0 && sink.count() < declared) {
            throw PointFileErrors.of(file, "truncated: the count line states " + declared + " points but the file has "
                    + sink.count());
        }
        return sink.finish(PointCloud.Precision.FLOAT64);
    }

    /** The next line that is neither blank nor a {@code #} comment, or null at the end. */
    static String nextContent(LineSource lines) throws InvalidInputException {
        String line;
        while ((line = lines.next()) != null) {
            String s = line.strip();
            if (!s.isEmpty() && s.charAt(0) != '#') {
                return line;
            }
        }
        return null;
    }

    /** Splits off up to three leading tokens (separators: whitespace and commas); returns how many were found. */
    static int split3(String line, String[] out) {
        int n = line.length();
        int found = 0;
        int i = 0;
        while (found < 3) {
            while (i < n && isSeparator(line.charAt(i))) {
                i++;
            }
            if (i == n) {
                break;
            }
            int start = i;
            while (i < n && !isSeparator(line.charAt(i))) {
                i++;
            }
            out[found++] = line.substring(start, i);
        }
        return found;
    }

    static double number(String token, String file, LineSource lines) throws InvalidInputException {
        try {
            return Numbers.parseDecimal(token);
        } catch (NumberFormatException e) {
            throw PointFileErrors.at(file, lines.lineNumber(), "'" + abbreviate(token) + "' is not a number");
        }
    }

    static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    private static boolean isSeparator(char c) {
        return c == ',' || TokenStream.isSpace(c);
    }
}
