package dev.bindery.cache.internal;

import dev.bindery.tensor.io.FormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of a 2-D {@code .npy} matrix, read without mapping the data, so that imports stream files of any size
 * (the tensor bundle's reader maps whole files and stops at 2 GiB; an exported FAISS cache is 6-12 GB). Only what
 * {@code numpy.save} writes for a C-ordered little-endian float matrix is accepted.
 */
public record NpyMatrixHeader(String descr, long rows, int cols, long dataOffset) {
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** Bytes per element: 4 for {@code <f4}, 2 for {@code <f2}, 8 for {@code <f8}. */
    public int elementBytes() {
        return switch (descr) {
            case "<f4" -> 4;
            case "<f2" -> 2;
            default -> 8;
        };
    }

    /** Reads and checks the header; the data must be exactly {@code rows * cols} elements. */
    public static NpyMatrixHeader read(String file, FileChannel ch) throws IOException {
        ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        ch.read(pre, 0);
        if (pre.position() < 10 || pre.get(0) != (byte) 0x93 || pre.get(1) != 'N' || pre.get(2) != 'U'
                || pre.get(3) != 'M' || pre.get(4) != 'P' || pre.get(5) != 'Y') {
            throw new FormatException(file, "not an .npy file (wrong magic)");
        }
        int major = pre.get(6);
        long headerLength;
        int start;
        if (major == 1) {
            headerLength = pre.getShort(8) & 0xffff;
            start = 10;
        } else if (major == 2 || major == 3) {
            headerLength = pre.getInt(8) & 0xffffffffL;
            start = 12;
        } else {
            throw new FormatException(file, "unsupported .npy version " + major);
        }
        if (headerLength > 1 << 20 || start + headerLength > ch.size()) {
            throw new FormatException(file, "truncated or corrupt .npy header of " + headerLength + " bytes");
        }
        ByteBuffer hb = ByteBuffer.allocate((int) headerLength);
        ch.read(hb, start);
        String text = new String(hb.array(), StandardCharsets.ISO_8859_1);
        String descr = group(file, DESCR, text, "descr");
        if (!descr.equals("<f4") && !descr.equals("<f2") && !descr.equals("<f8")) {
            throw new FormatException(file, "dtype '" + descr + "' is not a little-endian float (<f4, <f2, <f8)");
        }
        if (group(file, FORTRAN, text, "fortran_order").equals("True")) {
            throw new FormatException(file, "fortran_order True is not supported (save a C-contiguous array)");
        }
        String[] dims = group(file, SHAPE, text, "shape").split(",");
        long[] shape = new long[dims.length];
        int n = 0;
        for (String d : dims) {
            if (!d.isBlank()) {
                shape[n++] = Long.parseLong(d.trim());
            }
        }
        if (n != 2 || shape[1] < 1 || shape[1] > Integer.MAX_VALUE || shape[0] < 0) {
            throw new FormatException(file, "expected a 2-D matrix (entries x dimension), found shape ("
                    + group(file, SHAPE, text, "shape") + ")");
        }
        NpyMatrixHeader h = new NpyMatrixHeader(descr, shape[0], (int) shape[1], start + headerLength);
        long need = h.rows * h.cols * h.elementBytes();
        long have = ch.size() - h.dataOffset;
        if (have != need) {
            throw new FormatException(file, (have < need ? "truncated" : "corrupt") + ": shape (" + h.rows + ", "
                    + h.cols + ") of " + descr + " needs " + need + " data bytes but the file has " + have);
        }
        return h;
    }

    private static String group(String file, Pattern p, String text, String key) throws FormatException {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            throw new FormatException(file, "bad .npy header: no '" + key + "' in " + text.strip());
        }
        return m.group(1);
    }
}
