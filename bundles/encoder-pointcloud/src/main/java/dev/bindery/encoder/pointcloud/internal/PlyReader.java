package dev.bindery.encoder.pointcloud.internal;

import dev.bindery.api.InvalidInputException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the {@code x y z} properties of the {@code vertex} element of a PLY file (ascii, binary_little_endian,
 * binary_big_endian), of any numeric type, as float64 like open3d's {@code read_point_cloud}. Other vertex
 * properties (colours, normals, lists) and other elements (faces, edges, ...) are read past and ignored.
 */
final class PlyReader {
    private static final int MAX_HEADER_LINES = 100_000;

    private record Property(String name, ScalarType type, ScalarType listCountType) {
        boolean isList() {
            return listCountType != null;
        }
    }

    private record Element(String name, long count, List<Property> properties) {
        /**
         * The fewest bytes of data one instance can take: binary, the scalar sizes plus the list length fields
         * (empty lists); ASCII, one token per scalar and per list length, each at least one character and one
         * separator.
         */
        long minBytes(boolean ascii) {
            long size = 0;
            for (Property p : properties) {
                size += ascii ? 2 : p.isList() ? p.listCountType().bytes() : p.type().bytes();
            }
            return size;
        }

        /** Bytes per instance when every property has a fixed size, else -1. */
        int fixedSize() {
            int size = 0;
            for (Property p : properties) {
                if (p.isList()) {
                    return -1;
                }
                size += p.type().bytes();
            }
            return size;
        }
    }

    private enum Format { ASCII, BINARY_LE, BINARY_BE }

    private PlyReader() {
    }

    /**
     * @param size the length of the file (or upload) {@code in} reads, to check what the header declares against
     */
    static PointCloud read(InputStream in, String file, long size, int maxPoints, int maxLineBytes)
            throws InvalidInputException {
        LineSource lines = new LineSource(in, file, maxLineBytes);
        String first = lines.next();
        if (first == null || !first.strip().equals("ply")) {
            throw PointFileErrors.of(file, "not a PLY file (first line is not 'ply')");
        }
        Format format = null;
        List<Element> elements = new ArrayList<>();
        while (true) {
            String line = lines.next();
            if (line == null) {
                throw PointFileErrors.of(file, "truncated: the PLY header has no end_header");
            }
            if (lines.lineNumber() > MAX_HEADER_LINES) {
                throw PointFileErrors.of(file, "PLY header longer than " + MAX_HEADER_LINES + " lines");
            }
            String[] t = line.strip().split("\\s+");
            String keyword = t[0];
            if (keyword.equals("end_header")) {
                break;
            }
            switch (keyword) {
                case "format":
                    format = parseFormat(t, file, lines.lineNumber());
                    break;
                case "element":
                    elements.add(parseElement(t, file, lines.lineNumber()));
                    break;
                case "property":
                    if (elements.isEmpty()) {
                        throw PointFileErrors.at(file, lines.lineNumber(), "property before any element");
                    }
                    elements.get(elements.size() - 1).properties().add(parseProperty(t, file, lines.lineNumber()));
                    break;
                case "comment":
                case "obj_info":
                case "":
                    break;
                default:
                    throw PointFileErrors.at(file, lines.lineNumber(), "unknown PLY header keyword '" + keyword + "'");
            }
        }
        if (format == null) {
            throw PointFileErrors.of(file, "PLY header has no format line");
        }
        Element vertex = null;
        for (Element e : elements) {
            if (e.name().equals("vertex")) {
                vertex = e;
                break;
            }
        }
        if (vertex == null) {
            throw PointFileErrors.of(file, "PLY file has no vertex element");
        }
        int[] xyz = {indexOf(vertex, "x"), indexOf(vertex, "y"), indexOf(vertex, "z")};
        for (int a = 0; a < 3; a++) {
            if (xyz[a] < 0) {
                throw PointFileErrors.of(file, "PLY vertex element has no scalar property '" + "xyz".charAt(a) + "'");
            }
        }
        PointSink.checkDeclared(file, vertex.count(), maxPoints, "'element vertex'");
        long body = size - lines.consumed();
        checkDataFits(elements, vertex, format == Format.ASCII, body, file);
        PointSink sink = new PointSink(file, maxPoints, vertex.count());
        if (format == Format.ASCII) {
            readAscii(new TokenStream(lines, file), elements, vertex, xyz, sink, file);
        } else {
            ByteOrder order = format == Format.BINARY_LE ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            readBinary(new BinaryInput(lines.remaining(), file, order, body), elements, vertex, xyz, sink, file);
        }
        return sink.finish(PointCloud.Precision.FLOAT64);
    }

    private static void readAscii(TokenStream tokens, List<Element> elements, Element vertex, int[] xyz, PointSink sink,
                                  String file) throws InvalidInputException {
        double[] values = new double[vertex.properties().size()];
        for (Element e : elements) {
            if (e.properties().isEmpty()) {
                continue; // no data, whatever its count: nothing to read past
            }
            for (long i = 0; i < e.count(); i++) {
                String what = "element " + e.name() + " " + i;
                for (int p = 0; p < e.properties().size(); p++) {
                    Property prop = e.properties().get(p);
                    if (prop.isList()) {
                        long n = (long) parse(tokens, prop.listCountType(), what, file);
                        if (n < 0) {
                            throw PointFileErrors.at(file, tokens.lineNumber(), "negative list length in " + what);
                        }
                        for (long k = 0; k < n; k++) {
                            parse(tokens, prop.type(), what, file);
                        }
                    } else {
                        values[e == vertex ? p : 0] = parse(tokens, prop.type(), what, file);
                    }
                }
                if (e == vertex) {
                    sink.add(values[xyz[0]], values[xyz[1]], values[xyz[2]], tokens.lineNumber());
                }
            }
            if (e == vertex) {
                return;
            }
        }
    }

    private static double parse(TokenStream tokens, ScalarType type, String what, String file)
            throws InvalidInputException {
        String token = tokens.next(what);
        try {
            return type.parse(token);
        } catch (NumberFormatException ex) {
            throw PointFileErrors.at(file, tokens.lineNumber(), what + ": '" + token + "' is not a "
                    + type.name().toLowerCase(Locale.ROOT) + " value");
        }
    }

    private static void readBinary(BinaryInput in, List<Element> elements, Element vertex, int[] xyz, PointSink sink,
                                   String file) throws InvalidInputException {
        for (Element e : elements) {
            int fixed = e.fixedSize();
            String what = "element '" + e.name() + "'";
            if (e != vertex) {
                if (fixed >= 0) {
                    // checkDataFits has bounded count x size by the body length, so this cannot overflow.
                    in.skip(Math.multiplyExact(fixed, e.count()), what);
                } else {
                    for (long i = 0; i < e.count(); i++) {
                        for (Property p : e.properties()) {
                            skipBinaryProperty(in, p, what, file);
                        }
                    }
                }
                continue;
            }
            int[] offsets = new int[e.properties().size()];
            for (int p = 1; p < offsets.length; p++) {
                Property prev = e.properties().get(p - 1);
                offsets[p] = offsets[p - 1] + (prev.isList() ? 0 : prev.type().bytes());
            }
            double[] values = new double[3];
            for (long i = 0; i < e.count(); i++) {
                if (fixed >= 0) {
                    ByteBuffer record = in.read(fixed, what);
                    for (int a = 0; a < 3; a++) {
                        values[a] = e.properties().get(xyz[a]).type().read(record, offsets[xyz[a]]);
                    }
                } else {
                    for (int p = 0; p < e.properties().size(); p++) {
                        Property prop = e.properties().get(p);
                        if (prop.isList()) {
                            skipBinaryProperty(in, prop, what, file);
                        } else {
                            double v = prop.type().read(in.read(prop.type().bytes(), what), 0);
                            for (int a = 0; a < 3; a++) {
                                if (xyz[a] == p) {
                                    values[a] = v;
                                }
                            }
                        }
                    }
                }
                sink.add(values[0], values[1], values[2], 0);
            }
            return;
        }
    }

    /**
     * Refuses, before anything is read or allocated, a header whose elements up to and including {@code vertex}
     * (the ones the reader goes through) need more bytes than follow the header, even with the smallest encoding of
     * each instance (empty lists, one-character ASCII values). Exact arithmetic: a count times a size that overflows
     * a long is refused too. Elements without properties take no bytes whatever their count.
     */
    private static void checkDataFits(List<Element> elements, Element vertex, boolean ascii, long body, String file)
            throws InvalidInputException {
        long needed = 0;
        for (Element e : elements) {
            long each = e.minBytes(ascii);
            long bytes;
            try {
                bytes = Math.multiplyExact(e.count(), each);
                needed = Math.addExact(needed, bytes);
            } catch (ArithmeticException overflow) {
                throw PointFileErrors.of(file, "element '" + e.name() + "' declares " + e.count() + " instances of at"
                        + " least " + each + " bytes each, more data than any file can hold");
            }
            // ASCII: the last value of the file needs no separator after it.
            long least = ascii && needed > 0 ? needed - 1 : needed;
            if (least > body) {
                throw PointFileErrors.of(file, "truncated: the header declares at least " + least + " bytes of data"
                        + " up to the end of element '" + e.name() + "' (" + e.count() + " instances of at least "
                        + each + " bytes each), but only " + body + " bytes follow the header");
            }
            if (e == vertex) {
                return;
            }
        }
    }

    private static void skipBinaryProperty(BinaryInput in, Property p, String what, String file)
            throws InvalidInputException {
        if (!p.isList()) {
            in.skip(p.type().bytes(), what);
            return;
        }
        double n = p.listCountType().read(in.read(p.listCountType().bytes(), what), 0);
        if (n < 0) {
            throw PointFileErrors.of(file, "negative list length in " + what);
        }
        in.skip((long) n * p.type().bytes(), what);
    }

    private static int indexOf(Element e, String name) {
        for (int i = 0; i < e.properties().size(); i++) {
            Property p = e.properties().get(i);
            if (!p.isList() && p.name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static Format parseFormat(String[] t, String file, int line) throws InvalidInputException {
        if (t.length < 2) {
            throw PointFileErrors.at(file, line, "format line without a format");
        }
        switch (t[1]) {
            case "ascii": return Format.ASCII;
            case "binary_little_endian": return Format.BINARY_LE;
            case "binary_big_endian": return Format.BINARY_BE;
            default: throw PointFileErrors.at(file, line, "unknown PLY format '" + t[1] + "'");
        }
    }

    private static Element parseElement(String[] t, String file, int line) throws InvalidInputException {
        if (t.length != 3) {
            throw PointFileErrors.at(file, line, "element line must be 'element NAME COUNT'");
        }
        long count;
        try {
            count = Long.parseLong(t[2]);
        } catch (NumberFormatException e) {
            throw PointFileErrors.at(file, line, "element count '" + t[2] + "' is not an integer");
        }
        if (count < 0) {
            throw PointFileErrors.at(file, line, "element count " + count + " is negative");
        }
        return new Element(t[1], count, new ArrayList<>());
    }

    private static Property parseProperty(String[] t, String file, int line) throws InvalidInputException {
        if (t.length == 5 && t[1].equals("list")) {
            ScalarType countType = type(t[2], file, line);
            ScalarType itemType = type(t[3], file, line);
            if (countType == ScalarType.FLOAT32 || countType == ScalarType.FLOAT64) {
                throw PointFileErrors.at(file, line, "list length type must be an integer type, not " + t[2]);
            }
            return new Property(t[4], itemType, countType);
        }
        if (t.length != 3) {
            throw PointFileErrors.at(file, line, "property line must be 'property TYPE NAME' or "
                    + "'property list COUNT_TYPE ITEM_TYPE NAME'");
        }
        return new Property(t[2], type(t[1], file, line), null);
    }

    private static ScalarType type(String name, String file, int line) throws InvalidInputException {
        ScalarType type = ScalarType.ofPly(name);
        if (type == null) {
            throw PointFileErrors.at(file, line, "unknown PLY property type '" + name + "'");
        }
        return type;
    }
}
