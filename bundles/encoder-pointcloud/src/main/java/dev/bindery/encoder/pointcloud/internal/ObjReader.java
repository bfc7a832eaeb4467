package dev.bindery.encoder.pointcloud.internal;

import dev.bindery.api.InvalidInputException;
import java.io.InputStream;

/**
 * Reads the vertex positions of a Wavefront OBJ file: every line that starts with {@code "v "} after stripping
 * gives the point of its first three numbers, as upstream's {@code .obj} branch of
 * {@code load_and_transform_point_cloud_data} does (float64). Normals ({@code vn}), texture coordinates
 * ({@code vt}), faces and everything else are ignored. Unlike upstream, runs of spaces or tabs between the numbers
 * are accepted (upstream splits on single spaces and fails on them).
 */
final class ObjReader {
    private ObjReader() {
    }

    static PointCloud read(InputStream in, String file, int maxPoints, int maxLineBytes) throws InvalidInputException {
        LineSource lines = new LineSource(in, file, maxLineBytes);
        PointSink sink = new PointSink(file, maxPoints, -1);
        String[] tokens = new String[3];
        String line;
        while ((line = lines.next()) != null) {
            String s = line.strip();
            if (!s.startsWith("v ")) {
                continue;
            }
            if (XyzReader.split3(s.substring(2), tokens) < 3) {
                throw PointFileErrors.at(file, lines.lineNumber(), "vertex line needs three numbers: '"
                        + XyzReader.abbreviate(s) + "'");
            }
            double x = XyzReader.number(tokens[0], file, lines);
            double y = XyzReader.number(tokens[1], file, lines);
            double z = XyzReader.number(tokens[2], file, lines);
            sink.add(x, y, z, lines.lineNumber());
        }
        return sink.finish(PointCloud.Precision.FLOAT64);
    }
}
