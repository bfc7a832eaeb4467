package dev.bindery.llama.internal.protobuf;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the protobuf wire format field by field: call {@link #next()} to move to the next field, look at its
 * {@link #fieldNumber()}, then read its value with the method for its type, or {@link #skip()} it. Nested messages
 * are read through a child reader over their bytes ({@link #readMessage(String)}).
 *
 * <p>Only what schema-less reading of proto2 messages needs is here (no groups, no packed arrays). Every error names
 * the message being read ({@code context}), the field and the byte offset, since a model file is usually the cause.
 */
public final class ProtoReader {
    private static final int MAX_VARINT_BYTES = 10;

    private final byte[] data;
    private final int end;
    private final String context;
    private int pos;
    private int fieldNumber;
    private WireType wireType;

    private ProtoReader(byte[] data, int start, int end, String context) {
        this.data = data;
        this.pos = start;
        this.end = end;
        this.context = context;
    }

    /** A reader over a whole serialized message; {@code context} names it in errors (e.g. the file name). */
    public static ProtoReader of(byte[] data, String context) {
        return new ProtoReader(data, 0, data.length, context);
    }

    /** Moves to the next field; returns {@code false} at the end of the message. */
    public boolean next() throws ProtoFormatException {
        if (pos >= end) {
            return false;
        }
        int keyAt = pos;
        long key = varint();
        int type = (int) (key & 7);
        long number = key >>> 3;
        wireType = WireType.of(type);
        if (wireType == null || wireType == WireType.START_GROUP || wireType == WireType.END_GROUP) {
            throw error(keyAt, "field " + number + " has wire type " + type + ", which is not supported");
        }
        if (number < 1 || number > 0x1FFF_FFFF) {
            throw error(keyAt, "invalid field number " + number);
        }
        fieldNumber = (int) number;
        return true;
    }

    /** The number of the current field. */
    public int fieldNumber() {
        return fieldNumber;
    }

    /** The wire type of the current field. */
    public WireType wireType() {
        return wireType;
    }

    /** The current field as an unsigned 64-bit varint (also the encoding of int32, int64, bool and enums). */
    public long readVarint() throws ProtoFormatException {
        expect(WireType.VARINT);
        return varint();
    }

    /** The current field as int32 or an enum: negative values are sign-extended 10-byte varints, truncated here. */
    public int readInt32() throws ProtoFormatException {
        return (int) readVarint();
    }

    public boolean readBool() throws ProtoFormatException {
        return readVarint() != 0;
    }

    /** The current field as a little-endian 32-bit value (fixed32, sfixed32, float). */
    public int readFixed32() throws ProtoFormatException {
        expect(WireType.FIXED32);
        need(4);
        int v = (data[pos] & 0xFF) | (data[pos + 1] & 0xFF) << 8 | (data[pos + 2] & 0xFF) << 16
                | (data[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    public float readFloat() throws ProtoFormatException {
        return Float.intBitsToFloat(readFixed32());
    }

    /** The current field as a little-endian 64-bit value (fixed64, sfixed64, double). */
    public long readFixed64() throws ProtoFormatException {
        expect(WireType.FIXED64);
        need(8);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (data[pos + i] & 0xFF);
        }
        pos += 8;
        return v;
    }

    /** The current length-delimited field as bytes. */
    public byte[] readBytes() throws ProtoFormatException {
        int length = length();
        byte[] out = new byte[length];
        System.arraycopy(data, pos, out, 0, length);
        pos += length;
        return out;
    }

    /** The current length-delimited field as a string; protobuf strings must be valid UTF-8. */
    public String readString() throws ProtoFormatException {
        int at = pos;
        byte[] bytes = readBytes();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw error(at, "field " + fieldNumber + " is a string but holds invalid UTF-8");
        }
    }

    /** A reader over the current length-delimited field, which holds a nested message named {@code name}. */
    public ProtoReader readMessage(String name) throws ProtoFormatException {
        int length = length();
        ProtoReader child = new ProtoReader(data, pos, pos + length, context + "." + name);
        pos += length;
        return child;
    }

    /** Skips the current field whatever its type (unknown fields are legal in protobuf). */
    public void skip() throws ProtoFormatException {
        switch (wireType) {
            case VARINT -> varint();
            case FIXED64 -> {
                need(8);
                pos += 8;
            }
            case FIXED32 -> {
                need(4);
                pos += 4;
            }
            case LENGTH_DELIMITED -> {
                int length = length(); // read first: "pos += length()" would add to the old position
                pos += length;
            }
            default -> throw error(pos, "cannot skip wire type " + wireType);
        }
    }

    /** An error about the current field of this message, for checks made by the caller (e.g. a bad value). */
    public ProtoFormatException fieldError(String problem) {
        return new ProtoFormatException(context + ": field " + fieldNumber + ": " + problem);
    }

    /** What errors name this message by. */
    public String context() {
        return context;
    }

    private int length() throws ProtoFormatException {
        expect(WireType.LENGTH_DELIMITED);
        int at = pos;
        long length = varint();
        if (length > end - pos) {
            throw error(at, "field " + fieldNumber + " claims " + Long.toUnsignedString(length)
                    + " bytes but only " + (end - pos) + " remain (truncated or corrupt)");
        }
        return (int) length;
    }

    private long varint() throws ProtoFormatException {
        int start = pos;
        long value = 0;
        for (int i = 0; i < MAX_VARINT_BYTES; i++) {
            if (pos >= end) {
                throw error(start, "varint runs past the end of the message (truncated)");
            }
            int b = data[pos++] & 0xFF;
            value |= (long) (b & 0x7F) << (7 * i);
            if (b < 0x80) {
                return value;
            }
        }
        throw error(start, "varint longer than 10 bytes (corrupt)");
    }

    private void expect(WireType wanted) throws ProtoFormatException {
        if (wireType != wanted) {
            throw error(pos, "field " + fieldNumber + " has wire type " + wireType + ", expected " + wanted);
        }
    }

    private void need(int bytes) throws ProtoFormatException {
        if (end - pos < bytes) {
            throw error(pos, "field " + fieldNumber + " needs " + bytes + " bytes but only " + (end - pos)
                    + " remain (truncated)");
        }
    }

    private ProtoFormatException error(int offset, String problem) {
        return new ProtoFormatException(context + " at byte " + offset + ": " + problem);
    }
}
