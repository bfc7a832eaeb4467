package dev.bindery.tensor.io;

import dev.bindery.tensor.DType;
import dev.bindery.tensor.TensorData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * NumPy {@code .npy} files (format versions 1, 2 and 3), little-endian C-order arrays of
 * {@code <f4 <f8 <f2 <i8 <i4 <i2 |i1 |u1 |b1}. Fortran order, big-endian and structured dtypes are rejected
 * with a {@link FormatException}.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private Npy() {
    }

    /** Reads a file; the tensor is named after the file without {@code .npy}. The data is memory-mapped. */
    public static TensorData read(Path file) throws IOException {
        String fileName = file.getFileName().toString();
        String name = fileName.endsWith(".npy") ? fileName.substring(0, fileName.length() - 4) : fileName;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                throw new FormatException(file.toString(), name, "file of " + size + " bytes exceeds the 2 GiB .npy limit of this reader");
            }
            ByteBuffer mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            return parse(mapped, file.toString(), name);
        }
    }

    /**
     * Parses .npy bytes from {@code buffer}'s position to its limit (not copied).
     *
     * @param source names the origin in error messages
     */
    public static TensorData parse(ByteBuffer buffer, String source, String name) throws FormatException {
        ByteBuffer b = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 10) {
            throw new FormatException(source, name, "truncated: " + b.remaining() + " bytes is shorter than an .npy preamble");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (b.get(i) != MAGIC[i]) {
                throw new FormatException(source, name, "not an .npy file (wrong magic)");
            }
        }
        int major = b.get(6) & 0xff;
        int headerLen;
        int headerStart;
        if (major == 1) {
            headerLen = b.getShort(8) & 0xffff;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (b.remaining() < 12) {
                throw new FormatException(source, name, "truncated .npy v" + major + " preamble");
            }
            long len = b.getInt(8) & 0xffffffffL;
            if (len > Integer.MAX_VALUE - 12) {
                throw new FormatException(source, name, "header length " + len + " is not plausible");
            }
            headerLen = (int) len;
            headerStart = 12;
        } else {
            throw new FormatException(source, name, "unsupported .npy format version " + major + "." + (b.get(7) & 0xff));
        }
        if ((long) headerStart + headerLen > b.remaining()) {
            throw new FormatException(source, name, "truncated: header of " + headerLen + " bytes runs past the end of the data");
        }
        byte[] headerBytes = new byte[headerLen];
        b.get(headerStart, headerBytes);
        // v1/v2 headers are latin-1, v3 UTF-8; the dictionary numpy writes is ASCII either way.
        String text = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader header;
        try {
            header = NpyHeader.parse(text);
        } catch (IllegalArgumentException e) {
            throw new FormatException(source, name, "bad .npy header: " + e.getMessage(), e);
        }
        if (header.fortranOrder) {
            throw new FormatException(source, name, "fortran_order True is not supported (save a C-contiguous array)");
        }
        DType dtype = dtypeOf(header.descr, source, name);
        int dataStart = headerStart + headerLen;
        long numel = 1;
        for (long d : header.shape) {
            numel = Math.multiplyExact(numel, d);
        }
        long need = dtype.byteSize(numel);
        long have = b.remaining() - dataStart;
        if (have < need) {
            throw new FormatException(source, name, "truncated: shape " + java.util.Arrays.toString(header.shape) + " of "
                    + header.descr + " needs " + need + " data bytes but only " + have + " remain");
        }
        if (have > need) {
            throw new FormatException(source, name, "corrupt: " + (have - need) + " unexpected bytes after the array data");
        }
        ByteBuffer data = b.position(dataStart).slice();
        return TensorData.of(name, dtype, header.shape, data);
    }

    private static DType dtypeOf(String descr, String source, String name) throws FormatException {
        switch (descr) {
            case "<f4": return DType.F32;
            case "<f8": return DType.F64;
            case "<f2": return DType.F16;
            case "<i8": return DType.I64;
            case "<i4": return DType.I32;
            case "<i2": return DType.I16;
            case "|i1": return DType.I8;
            case "|u1": return DType.U8;
            case "|b1": return DType.BOOL;
            default:
                String why = descr.startsWith(">") ? " (big-endian data is not supported)" : "";
                throw new FormatException(source, name, "unsupported dtype '" + descr + "'" + why);
        }
    }

    private static String descrOf(TensorData t) {
        return switch (t.dtype()) {
            case F32 -> "<f4";
            case F64 -> "<f8";
            case F16 -> "<f2";
            case I64 -> "<i8";
            case I32 -> "<i4";
            case I16 -> "<i2";
            case I8 -> "|i1";
            case U8 -> "|u1";
            case BOOL -> "|b1";
            default -> throw new IllegalArgumentException("tensor '" + t.name() + "': .npy cannot hold " + t.dtype()
                    + " (dequantise it with toFloatArray first)");
        };
    }

    /** Writes {@code tensor} as an .npy file (version 1, or 2 if the header needs it), replacing the file. */
    public static void write(Path file, TensorData tensor) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out, tensor);
        }
    }

    /** Writes {@code tensor} in .npy format to {@code out} (not closed). */
    public static void write(OutputStream out, TensorData tensor) throws IOException {
        String dict = NpyHeader.format(descrOf(tensor), tensor.shape());
        // Pad with spaces and a final newline so that the data starts on a 64-byte boundary, as numpy does.
        int version = dict.length() + 1 + 10 > 65535 ? 2 : 1;
        int preamble = version == 1 ? 10 : 12;
        int total = preamble + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        StringBuilder header = new StringBuilder(dict);
        header.append(" ".repeat(padded - total)).append('\n');
        byte[] h = header.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer pre = ByteBuffer.allocate(preamble).order(ByteOrder.LITTLE_ENDIAN);
        pre.put(MAGIC).put((byte) version).put((byte) 0);
        if (version == 1) {
            pre.putShort((short) h.length);
        } else {
            pre.putInt(h.length);
        }
        out.write(pre.array());
        out.write(h);
        writeBytes(out, tensor.bytes());
    }

    static void writeBytes(OutputStream out, ByteBuffer data) throws IOException {
        byte[] chunk = new byte[1 << 16];
        ByteBuffer b = data.duplicate();
        while (b.hasRemaining()) {
            int n = Math.min(chunk.length, b.remaining());
            b.get(chunk, 0, n);
            out.write(chunk, 0, n);
        }
    }
}
