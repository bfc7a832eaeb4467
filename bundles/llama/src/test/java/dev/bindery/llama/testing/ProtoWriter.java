package dev.bindery.llama.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes protobuf wire format, to build small (and deliberately broken) messages in tests. */
public final class ProtoWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public ProtoWriter varint(int field, long value) {
        key(field, 0);
        rawVarint(value);
        return this;
    }

    public ProtoWriter fixed32(int field, int value) {
        key(field, 5);
        for (int i = 0; i < 4; i++) {
            out.write(value >>> (8 * i));
        }
        return this;
    }

    public ProtoWriter floatField(int field, float value) {
        return fixed32(field, Float.floatToIntBits(value));
    }

    public ProtoWriter fixed64(int field, long value) {
        key(field, 1);
        for (int i = 0; i < 8; i++) {
            out.write((int) (value >>> (8 * i)));
        }
        return this;
    }

    public ProtoWriter bytes(int field, byte[] value) {
        key(field, 2);
        rawVarint(value.length);
        out.writeBytes(value);
        return this;
    }

    public ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    public ProtoWriter message(int field, ProtoWriter message) {
        return bytes(field, message.toByteArray());
    }

    /** Writes a raw key, e.g. with a wire type the reader must reject. */
    public ProtoWriter key(int field, int wireType) {
        rawVarint((long) field << 3 | wireType);
        return this;
    }

    public ProtoWriter raw(byte... bytes) {
        out.writeBytes(bytes);
        return this;
    }

    public ProtoWriter rawVarint(long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
        return this;
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
