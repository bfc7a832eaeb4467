package dev.bindery.encoder.pointcloud.internal;

import dev.bindery.api.InvalidInputException;
import java.io.InputStream;

/**
 * Reads the vertices of an OFF file (Object File Format, as ModelNet ships its meshes): a keyword line
 * ({@code OFF}, or {@code COFF}/{@code NOFF}/{@code CNOFF}/{@code STOFF} for coloured, normal or textured
 * vertices), a line {@code vertices faces edges} (ModelNet files put it on the keyword line, e.g. {@code OFF490 518 0}),
 * then one vertex per line of which the first three numbers are the point. Faces are not read. Upstream's loader
 * has no OFF branch; the points are returned as float64 like its other text formats. Binary OFF and 4-D
 * ({@code 4OFF}, {@code nOFF}) files are refused.
 */
final class OffReader {
    private OffReader() {
    }

    static PointCloud read(InputStream in, String file, int maxPoints, int maxLineBytes) throws InvalidInputException {
        LineSource lines = new LineSource(in, file, maxLineBytes);
        String first = XyzReader.nextContent(lines);
        if (first == null) {
            throw PointFileErrors.of(file, "contains no points");
        }
        String head = first.strip();
        int keywordEnd = 0;
        while (keywordEnd < head.length() && Character.isLetter(head.charAt(keywordEnd))) {
            keywordEnd++;
        }
        String keyword = head.substring(0, keywordEnd);
        if (!keyword.endsWith("OFF") || keyword.startsWith("4") || keyword.contains("n")) {
            throw PointFileErrors.at(file, lines.lineNumber(), "not an OFF file (first line '"
                    + XyzReader.abbreviate(head) + "')");
        }
        String rest = head.substring(keywordEnd).strip();
        if (rest.toUpperCase(java.util.Locale.ROOT).startsWith("BINARY")) {
            throw PointFileErrors.of(file, "binary OFF files are not supported; convert to ASCII OFF or PLY");
        }
        if (rest.isEmpty()) {
            String counts = XyzReader.nextContent(lines);
            if (counts == null) {
                throw PointFileErrors.of(file, "truncated: no vertex count line");
            }
            rest = counts.strip();
        }
        String[] t = rest.split("\\s+");
        long vertices;
        try {
            vertices = Long.parseLong(t[0]);
        } catch (NumberFormatException e) {
            throw PointFileErrors.at(file, lines.lineNumber(), "vertex count '" + XyzReader.abbreviate(t[0])
                    + "' is not an integer");
        }
        PointSink.checkDeclared(file, vertices, maxPoints, "the OFF vertex count");
        PointSink sink = new PointSink(file, maxPoints, vertices);
        String[] tokens = new String[3];
        while (sink.count() < vertices) {
            String line = XyzReader.nextContent(lines);
            if (line == null) {
                throw PointFileErrors.of(file, "truncated: " + vertices + " vertices stated, " + sink.count()
                        + " found");
            }
            if (XyzReader.split3(line, tokens) < 3) {
                throw PointFileErrors.at(file, lines.lineNumber(), "vertex line needs three numbers: '"
                        + XyzReader.abbreviate(line.strip()) + "'");
            }
            double x = XyzReader.number(tokens[0], file, lines);
            double y = XyzReader.number(tokens[1], file, lines);
            double z = XyzReader.number(tokens[2], file, lines);
            sink.add(x, y, z, lines.lineNumber());
        }
        return sink.finish(PointCloud.Precision.FLOAT64);
    }
}
