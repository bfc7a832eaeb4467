package dev.bindery.onnx.internal;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Protocol-buffer wire encoding onto a stream: varints, fixed 32-bit values, tags and length prefixes, plus the
 * size arithmetic a writer needs to compute length prefixes before it writes a nested message.
 */
public final class ProtoOutput {
    /** Wire type of varint fields (int32, int64, enums). */
    public static final int VARINT = 0;
    /** Wire type of length-delimited fields (strings, bytes, nested messages). */
    public static final int LENGTH_DELIMITED = 2;
    /** Wire type of fixed 32-bit fields (float). */
    public static final int FIXED32 = 5;

    private final OutputStream out;
    private long written;

    public ProtoOutput(OutputStream out) {
        this.out = out;
    }

    /** Bytes written so far. */
    public long written() {
        return written;
    }

    public void tag(int field, int wireType) throws IOException {
        varint(((long) field << 3) | wireType);
    }

    /** Writes an unsigned varint; negative int32/int64 values take ten bytes, as protobuf encodes them. */
    public void varint(long value) throws IOException {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        write((int) v);
    }

    public void fixed32(int value) throws IOException {
        write(value & 0xFF);
        write((value >>> 8) & 0xFF);
        write((value >>> 16) & 0xFF);
        write((value >>> 24) & 0xFF);
    }

    public void bytes(byte[] data) throws IOException {
        out.write(data);
        written += data.length;
    }

    /** The raw stream, for blobs that write themselves; the caller reports how much it wrote with {@link #skipped}. */
    public OutputStream stream() {
        return out;
    }

    /** Accounts for {@code n} bytes written directly to {@link #stream()}. */
    public void skipped(long n) {
        written += n;
    }

    private void write(int b) throws IOException {
        out.write(b);
        written++;
    }

    /** Encoded size of an unsigned varint. */
    public static int varintSize(long value) {
        int n = 1;
        long v = value;
        while ((v & ~0x7FL) != 0) {
            n++;
            v >>>= 7;
        }
        return n;
    }

    public static int tagSize(int field) {
        return varintSize((long) field << 3);
    }
}
