package dev.bindery.encoder.pointcloud.internal;

import dev.bindery.api.InvalidInputException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads the {@code x y z} fields of a PCD file (Point Cloud Library format, {@code DATA ascii}, {@code binary} or
 * {@code binary_compressed}) as float64 like open3d's {@code read_point_cloud}. Other fields (rgb, normals,
 * descriptors) are skipped. Binary data is little-endian, as PCL writes it.
 */
final class PcdReader {
    private static final int MAX_HEADER_LINES = 1_000;
    /** The decompressed size a {@code binary_compressed} body may have: bounds memory for a hostile header. */
    static final long MAX_DECOMPRESSED_BYTES = 512L << 20;
    /**
     * The largest point record (SIZE x COUNT summed over FIELDS) accepted: far above PCL's largest descriptors (a
     * few KiB), and it bounds the one-record buffer of binary data.
     */
    static final long MAX_RECORD_BYTES = 1L << 20;

    private PcdReader() {
    }

    private static final class Header {
        String[] fields;
        int[] sizes;
        String[] types;
        int[] counts;
        long width = -1;
        long height = 1;
        long points = -1;
        String data;
    }

    /**
     * @param size the length of the file (or upload) {@code in} reads, to check what the header declares against
     */
    static PointCloud read(InputStream in, String file, long size, int maxPoints, int maxLineBytes)
            throws InvalidInputException {
        LineSource lines = new LineSource(in, file, maxLineBytes);
        Header h = readHeader(lines, file);
        int n = h.fields.length;
        ScalarType[] types = new ScalarType[n];
        int[] offsets = new int[n];
        long recordSize = 0;
        long tokensPerPoint = 0;
        for (int f = 0; f < n; f++) {
            types[f] = ScalarType.ofPcd(h.types[f], h.sizes[f]);
            if (types[f] == null) {
                throw PointFileErrors.of(file, "PCD field '" + h.fields[f] + "' has unsupported TYPE " + h.types[f]
                        + " SIZE " + h.sizes[f]);
            }
            if (h.counts[f] < 1) {
                throw PointFileErrors.of(file, "PCD field '" + h.fields[f] + "' has COUNT " + h.counts[f]);
            }
            // Exact long arithmetic: SIZE x COUNT summed over FIELDS passes 2^31 with a header of a few KiB. Binary
            // records beyond MAX_RECORD_BYTES are refused below, before their offsets are used.
            offsets[f] = recordSize <= MAX_RECORD_BYTES ? (int) recordSize : -1;
            try {
                recordSize = Math.addExact(recordSize, Math.multiplyExact((long) h.sizes[f], h.counts[f]));
                tokensPerPoint = Math.addExact(tokensPerPoint, h.counts[f]);
            } catch (ArithmeticException overflow) {
                throw PointFileErrors.of(file, "PCD point record size (SIZE x COUNT over FIELDS) overflows");
            }
        }
        int[] xyz = new int[3];
        for (int a = 0; a < 3; a++) {
            String name = String.valueOf("xyz".charAt(a));
            xyz[a] = Arrays.asList(h.fields).indexOf(name);
            if (xyz[a] < 0) {
                throw PointFileErrors.of(file, "PCD file has no field '" + name + "' (FIELDS "
                        + String.join(" ", h.fields) + ")");
            }
        }
        long points;
        if (h.points >= 0) {
            points = h.points;
        } else {
            try {
                points = Math.multiplyExact(h.width, h.height);
            } catch (ArithmeticException overflow) {
                throw PointFileErrors.of(file, "WIDTH " + h.width + " x HEIGHT " + h.height + " overflows");
            }
        }
        PointSink.checkDeclared(file, points, maxPoints, "POINTS");
        long body = size - lines.consumed();
        PointSink sink = new PointSink(file, maxPoints, points);
        if (h.height > 1) {
            sink.nonFiniteAdvice("the header makes this an organized cloud (WIDTH " + h.width + " x HEIGHT " + h.height
                    + "), in which PCL marks invalid points with NaN: organized clouds must have their NaN points"
                    + " removed before encoding (e.g. pcl::removeNaNFromPointCloud, or open3d's"
                    + " remove_non_finite_points)");
        }
        switch (h.data) {
            case "ascii":
                checkAsciiFits(file, points, tokensPerPoint, body, maxLineBytes);
                readAscii(lines, file, points, n, h.counts, types, xyz, (int) tokensPerPoint, sink);
                break;
            case "binary":
                checkRecordSize(file, recordSize);
                checkFits(file, points, recordSize, body, "binary");
                readBinary(new BinaryInput(lines.remaining(), file, ByteOrder.LITTLE_ENDIAN, body), points,
                        (int) recordSize, types, offsets, xyz, sink);
                break;
            case "binary_compressed":
                checkRecordSize(file, recordSize);
                readCompressed(new BinaryInput(lines.remaining(), file, ByteOrder.LITTLE_ENDIAN, body), file, points,
                        h.sizes, h.counts, types, xyz, recordSize, sink);
                break;
            default:
                throw PointFileErrors.of(file, "unknown PCD DATA type '" + h.data + "'");
        }
        return sink.finish(PointCloud.Precision.FLOAT64);
    }

    private static void checkRecordSize(String file, long recordSize) throws InvalidInputException {
        if (recordSize > MAX_RECORD_BYTES) {
            throw PointFileErrors.of(file, "PCD point record of " + recordSize + " bytes (SIZE x COUNT over FIELDS)"
                    + " exceeds the limit of " + MAX_RECORD_BYTES + " bytes");
        }
    }

    /** Refuses binary data the file cannot hold: POINTS x the record size must fit in the bytes after the header. */
    private static void checkFits(String file, long points, long recordSize, long body, String data)
            throws InvalidInputException {
        long needed = Math.multiplyExact(points, recordSize); // both bounded: maxPoints, MAX_RECORD_BYTES
        if (needed > body) {
            throw PointFileErrors.of(file, "truncated: POINTS " + points + " x " + recordSize + "-byte records need "
                    + needed + " bytes of " + data + " data, but only " + body + " bytes follow the header");
        }
    }

    /**
     * Refuses ASCII data the file cannot hold: a line of at most {@code maxLineBytes} bytes holds at most about half
     * as many values, and each point's line needs at least two bytes per value (a character and a separator or the
     * line end).
     */
    private static void checkAsciiFits(String file, long points, long tokensPerPoint, long body, int maxLineBytes)
            throws InvalidInputException {
        long perLine = (maxLineBytes + 1L) / 2;
        if (tokensPerPoint > perLine) {
            throw PointFileErrors.of(file, "a PCD point of " + tokensPerPoint + " values (COUNT summed over FIELDS)"
                    + " cannot fit on a line of at most " + maxLineBytes + " bytes");
        }
        long least = points * tokensPerPoint * 2 - 1; // bounded: maxPoints x half a line
        if (points > 0 && least > body) {
            throw PointFileErrors.of(file, "truncated: POINTS " + points + " of " + tokensPerPoint + " values need at"
                    + " least " + least + " bytes of ascii data, but only " + body + " bytes follow the header");
        }
    }

    private static Header readHeader(LineSource lines, String file) throws InvalidInputException {
        Header h = new Header();
        while (h.data == null) {
            String line = lines.next();
            if (line == null) {
                throw PointFileErrors.of(file, "truncated: the PCD header has no DATA line");
            }
            if (lines.lineNumber() > MAX_HEADER_LINES) {
                throw PointFileErrors.of(file, "PCD header longer than " + MAX_HEADER_LINES + " lines");
            }
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            String[] t = s.split("\\s+");
            String key = t[0].toUpperCase(Locale.ROOT);
            String[] values = Arrays.copyOfRange(t, 1, t.length);
            int ln = lines.lineNumber();
            switch (key) {
                case "VERSION":
                case "VIEWPOINT":
                    break;
                case "FIELDS":
                    h.fields = values;
                    break;
                case "SIZE":
                    h.sizes = integers(values, file, ln, key);
                    break;
                case "TYPE":
                    h.types = values;
                    break;
                case "COUNT":
                    h.counts = integers(values, file, ln, key);
                    break;
                case "WIDTH":
                    h.width = single(values, file, ln, key);
                    break;
                case "HEIGHT":
                    h.height = single(values, file, ln, key);
                    break;
                case "POINTS":
                    h.points = single(values, file, ln, key);
                    break;
                case "DATA":
                    if (values.length != 1) {
                        throw PointFileErrors.at(file, ln, "DATA needs one value");
                    }
                    h.data = values[0].toLowerCase(Locale.ROOT);
                    break;
                default:
                    if (lines.lineNumber() == 1) {
                        throw PointFileErrors.of(file, "not a PCD file (first line '" + abbreviate(s) + "')");
                    }
                    throw PointFileErrors.at(file, ln, "unknown PCD header key '" + t[0] + "'");
            }
        }
        if (h.fields == null || h.sizes == null || h.types == null) {
            throw PointFileErrors.of(file, "PCD header lacks FIELDS, SIZE or TYPE");
        }
        if (h.counts == null) {
            h.counts = new int[h.fields.length];
            Arrays.fill(h.counts, 1);
        }
        int n = h.fields.length;
        if (h.sizes.length != n || h.types.length != n || h.counts.length != n) {
            throw PointFileErrors.of(file, "PCD header: FIELDS, SIZE, TYPE and COUNT have different lengths ("
                    + n + ", " + h.sizes.length + ", " + h.types.length + ", " + h.counts.length + ")");
        }
        if (h.points < 0 && h.width < 0) {
            throw PointFileErrors.of(file, "PCD header has neither POINTS nor WIDTH");
        }
        return h;
    }

    private static void readAscii(LineSource lines, String file, long points, int fields, int[] counts,
                                  ScalarType[] types, int[] xyz, int tokensPerPoint, PointSink sink)
            throws InvalidInputException {
        double[] v = new double[3];
        for (long i = 0; i < points; ) {
            String line = lines.next();
            if (line == null) {
                throw PointFileErrors.of(file, "truncated: POINTS states " + points + " but the data has " + i);
            }
            String s = line.strip();
            if (s.isEmpty()) {
                continue;
            }
            String[] t = s.split("\\s+");
            if (t.length < tokensPerPoint) {
                throw PointFileErrors.at(file, lines.lineNumber(), "expected " + tokensPerPoint + " values, found "
                        + t.length);
            }
            int token = 0;
            for (int f = 0; f < fields; f++) {
                for (int a = 0; a < 3; a++) {
                    if (xyz[a] == f) {
                        v[a] = parse(types[f], t[token], file, lines.lineNumber());
                    }
                }
                token += counts[f];
            }
            sink.add(v[0], v[1], v[2], lines.lineNumber());
            i++;
        }
    }

    private static void readBinary(BinaryInput in, long points, int pointSize, ScalarType[] types, int[] offsets,
                                   int[] xyz, PointSink sink) throws InvalidInputException {
        double[] v = new double[3];
        for (long i = 0; i < points; i++) {
            ByteBuffer record = in.read(pointSize, "point " + i);
            for (int a = 0; a < 3; a++) {
                v[a] = types[xyz[a]].read(record, offsets[xyz[a]]);
            }
            sink.add(v[0], v[1], v[2], 0);
        }
    }

    /** Compressed data is stored field by field (all x, then all y, ...), after two little-endian sizes. */
    private static void readCompressed(BinaryInput in, String file, long points, int[] sizes, int[] counts,
                                       ScalarType[] types, int[] xyz, long pointSize, PointSink sink)
            throws InvalidInputException {
        ByteBuffer sizesRecord = in.read(8, "the compressed-size fields");
        long compressed = sizesRecord.getInt(0) & 0xffffffffL;
        long uncompressed = sizesRecord.getInt(4) & 0xffffffffL;
        // Every size is checked before anything is allocated: the stated sizes against the header, against the bytes
        // left in the file and against what LZF can expand to.
        long expected = Math.multiplyExact(points, pointSize); // both bounded: maxPoints, MAX_RECORD_BYTES
        if (uncompressed != expected) {
            throw PointFileErrors.of(file, "binary_compressed data states " + uncompressed + " bytes, but POINTS x "
                    + "point size is " + expected);
        }
        if (expected > MAX_DECOMPRESSED_BYTES) {
            throw PointFileErrors.of(file, "binary_compressed data of " + expected + " bytes exceeds the limit of "
                    + MAX_DECOMPRESSED_BYTES);
        }
        if (compressed > in.remaining()) {
            throw PointFileErrors.of(file, "truncated: binary_compressed data states " + compressed + " compressed"
                    + " bytes, but only " + in.remaining() + " bytes follow the size fields");
        }
        if (compressed > MAX_DECOMPRESSED_BYTES) {
            throw PointFileErrors.of(file, "binary_compressed data states " + compressed + " compressed bytes");
        }
        if (expected > Lzf.MAX_EXPANSION * compressed) {
            throw PointFileErrors.of(file, "corrupt binary_compressed data: " + compressed + " compressed bytes cannot"
                    + " decompress to the " + expected + " bytes stated (LZF expands at most " + Lzf.MAX_EXPANSION
                    + "-fold)");
        }
        byte[] packed = in.readArray((int) compressed, "the compressed data");
        byte[] raw = new byte[(int) expected];
        String problem = Lzf.decompress(packed, packed.length, raw);
        if (problem != null) {
            throw PointFileErrors.of(file, "corrupt binary_compressed data: " + problem);
        }
        ByteBuffer data = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        long[] starts = new long[sizes.length];
        for (int f = 1; f < sizes.length; f++) {
            starts[f] = starts[f - 1] + points * sizes[f - 1] * counts[f - 1]; // at most expected, checked above
        }
        double[] v = new double[3];
        for (int i = 0; i < points; i++) {
            for (int a = 0; a < 3; a++) {
                int f = xyz[a];
                v[a] = types[f].read(data, (int) (starts[f] + (long) i * sizes[f] * counts[f]));
            }
            sink.add(v[0], v[1], v[2], 0);
        }
    }

    private static double parse(ScalarType type, String token, String file, int line) throws InvalidInputException {
        try {
            return type.parse(token);
        } catch (NumberFormatException e) {
            throw PointFileErrors.at(file, line, "'" + token + "' is not a number");
        }
    }

    private static int[] integers(String[] values, String file, int line, String key) throws InvalidInputException {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            try {
                out[i] = Integer.parseInt(values[i]);
            } catch (NumberFormatException e) {
                throw PointFileErrors.at(file, line, key + " value '" + values[i] + "' is not an integer");
            }
            if (out[i] < 0 || out[i] > 1 << 16) {
                throw PointFileErrors.at(file, line, key + " value " + out[i] + " is out of range");
            }
        }
        return out;
    }

    private static long single(String[] values, String file, int line, String key) throws InvalidInputException {
        if (values.length != 1) {
            throw PointFileErrors.at(file, line, key + " needs one value");
        }
        try {
            long v = Long.parseLong(values[0]);
            if (v < 0) {
                throw PointFileErrors.at(file, line, key + " is negative");
            }
            return v;
        } catch (NumberFormatException e) {
            throw PointFileErrors.at(file, line, key + " value '" + values[0] + "' is not an integer");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
