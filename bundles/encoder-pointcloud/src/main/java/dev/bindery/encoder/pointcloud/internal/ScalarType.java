package dev.bindery.encoder.pointcloud.internal;

import java.nio.ByteBuffer;
import java.util.Locale;

/** The numeric property types of PLY and PCD files, with their size and how a value is read. */
enum ScalarType {
    INT8(1, true), UINT8(1, true), INT16(2, true), UINT16(2, true), INT32(4, true), UINT32(4, true),
    INT64(8, true), UINT64(8, true), FLOAT32(4, false), FLOAT64(8, false);

    private final int bytes;
    private final boolean integer;

    ScalarType(int bytes, boolean integer) {
        this.bytes = bytes;
        this.integer = integer;
    }

    /** Size of one value in bytes. */
    int bytes() {
        return bytes;
    }

    /** The PLY type name ({@code char uchar short ushort int uint float double} or the sized aliases), or null. */
    static ScalarType ofPly(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "char": case "int8": return INT8;
            case "uchar": case "uint8": return UINT8;
            case "short": case "int16": return INT16;
            case "ushort": case "uint16": return UINT16;
            case "int": case "int32": return INT32;
            case "uint": case "uint32": return UINT32;
            case "float": case "float32": return FLOAT32;
            case "double": case "float64": return FLOAT64;
            default: return null;
        }
    }

    /** The PCD type for {@code TYPE} letter {@code F}, {@code I} or {@code U} and {@code SIZE}, or null. */
    static ScalarType ofPcd(String type, int size) {
        switch (type) {
            case "F":
                return size == 4 ? FLOAT32 : size == 8 ? FLOAT64 : null;
            case "I":
                return size == 1 ? INT8 : size == 2 ? INT16 : size == 4 ? INT32 : size == 8 ? INT64 : null;
            case "U":
                return size == 1 ? UINT8 : size == 2 ? UINT16 : size == 4 ? UINT32 : size == 8 ? UINT64 : null;
            default:
                return null;
        }
    }

    /** The value at {@code offset} of {@code buffer} (in the buffer's byte order), as a double. */
    double read(ByteBuffer buffer, int offset) {
        switch (this) {
            case INT8: return buffer.get(offset);
            case UINT8: return buffer.get(offset) & 0xff;
            case INT16: return buffer.getShort(offset);
            case UINT16: return buffer.getShort(offset) & 0xffff;
            case INT32: return buffer.getInt(offset);
            case UINT32: return buffer.getInt(offset) & 0xffffffffL;
            case INT64: return (double) buffer.getLong(offset);
            case UINT64: {
                long v = buffer.getLong(offset);
                return v >= 0 ? (double) v : (double) (v >>> 1) * 2.0 + (v & 1);
            }
            case FLOAT32: return buffer.getFloat(offset);
            case FLOAT64: return buffer.getDouble(offset);
            default: throw new AssertionError(this);
        }
    }

    /**
     * The value of a text token of this type: floats as decimal numbers, integers as decimal integers within the
     * type's range (as rply's and open3d's ASCII readers check).
     *
     * @throws NumberFormatException if the token is not a number of this type
     */
    double parse(String token) {
        if (!integer) {
            return Numbers.parseDecimal(token);
        }
        long v = Numbers.parseInteger(token);
        long min;
        long max;
        switch (this) {
            case INT8: min = Byte.MIN_VALUE; max = Byte.MAX_VALUE; break;
            case UINT8: min = 0; max = 0xff; break;
            case INT16: min = Short.MIN_VALUE; max = Short.MAX_VALUE; break;
            case UINT16: min = 0; max = 0xffff; break;
            case INT32: min = Integer.MIN_VALUE; max = Integer.MAX_VALUE; break;
            case UINT32: min = 0; max = 0xffffffffL; break;
            case UINT64: min = 0; max = Long.MAX_VALUE; break;
            default: min = Long.MIN_VALUE; max = Long.MAX_VALUE; break;
        }
        if (v < min || v > max) {
            throw new NumberFormatException(token + " is out of the range of " + name().toLowerCase(Locale.ROOT));
        }
        return v;
    }
}
