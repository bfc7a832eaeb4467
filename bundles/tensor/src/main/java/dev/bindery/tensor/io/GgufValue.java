package dev.bindery.tensor.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One typed GGUF metadata value. Java representations: UINT8, INT8, UINT16, INT16, INT32 as {@code Integer};
 * UINT32, INT64 and UINT64 (raw bits) as {@code Long}; FLOAT32 as {@code Float}; FLOAT64 as {@code Double};
 * BOOL as {@code Boolean}; STRING as {@code String}; ARRAY as an unmodifiable {@code List} of the element
 * representation (nested arrays as {@code GgufValue}s). The type is kept so that files round-trip exactly.
 *
 * @param type        the value type
 * @param elementType for ARRAY, the type of the elements; otherwise null
 * @param value       the Java value
 */
public record GgufValue(GgufValueType type, GgufValueType elementType, Object value) {

    /** Validates that {@code value} has the representation {@code type} needs. */
    public GgufValue {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        if (type == GgufValueType.ARRAY) {
            Objects.requireNonNull(elementType, "elementType");
            if (!(value instanceof List<?> l)) {
                throw new IllegalArgumentException("ARRAY value must be a List");
            }
            for (Object o : l) {
                check(elementType, o);
            }
            value = Collections.unmodifiableList(new ArrayList<>(l));
        } else {
            check(type, value);
        }
    }

    private static void check(GgufValueType t, Object v) {
        boolean ok = switch (t) {
            case UINT8 -> v instanceof Integer i && i >= 0 && i <= 0xff;
            case INT8 -> v instanceof Integer i && i >= Byte.MIN_VALUE && i <= Byte.MAX_VALUE;
            case UINT16 -> v instanceof Integer i && i >= 0 && i <= 0xffff;
            case INT16 -> v instanceof Integer i && i >= Short.MIN_VALUE && i <= Short.MAX_VALUE;
            case INT32 -> v instanceof Integer;
            case UINT32 -> v instanceof Long l && l >= 0 && l <= 0xffffffffL;
            case UINT64, INT64 -> v instanceof Long;
            case FLOAT32 -> v instanceof Float;
            case FLOAT64 -> v instanceof Double;
            case BOOL -> v instanceof Boolean;
            case STRING -> v instanceof String;
            case ARRAY -> v instanceof GgufValue g && g.type == GgufValueType.ARRAY;
        };
        if (!ok) {
            throw new IllegalArgumentException(v + " (" + v.getClass().getSimpleName() + ") is not a valid " + t + " value");
        }
    }

    /** A UTF-8 string. */
    public static GgufValue ofString(String s) {
        return new GgufValue(GgufValueType.STRING, null, s);
    }

    /** An unsigned 32-bit integer (0 .. 2^32-1). */
    public static GgufValue ofUint32(long v) {
        return new GgufValue(GgufValueType.UINT32, null, v);
    }

    /** A signed 32-bit integer. */
    public static GgufValue ofInt32(int v) {
        return new GgufValue(GgufValueType.INT32, null, v);
    }

    /** An unsigned 64-bit integer (raw bits). */
    public static GgufValue ofUint64(long v) {
        return new GgufValue(GgufValueType.UINT64, null, v);
    }

    /** A signed 64-bit integer. */
    public static GgufValue ofInt64(long v) {
        return new GgufValue(GgufValueType.INT64, null, v);
    }

    /** A 32-bit float. */
    public static GgufValue ofFloat32(float v) {
        return new GgufValue(GgufValueType.FLOAT32, null, v);
    }

    /** A 64-bit float. */
    public static GgufValue ofFloat64(double v) {
        return new GgufValue(GgufValueType.FLOAT64, null, v);
    }

    /** A boolean. */
    public static GgufValue ofBool(boolean v) {
        return new GgufValue(GgufValueType.BOOL, null, v);
    }

    /** An array of {@code elementType} values. */
    public static GgufValue ofArray(GgufValueType elementType, List<?> values) {
        return new GgufValue(GgufValueType.ARRAY, elementType, values);
    }

    /** An array of strings (e.g. {@code tokenizer.ggml.tokens}). */
    public static GgufValue ofStrings(List<String> values) {
        return ofArray(GgufValueType.STRING, values);
    }

    /** The value as a string; fails for other types. */
    public String asString() {
        return (String) as(GgufValueType.STRING);
    }

    /** Any integer type as a long (UINT64 as raw bits). */
    public long asLong() {
        if (value instanceof Integer i) {
            return i;
        }
        if (value instanceof Long l) {
            return l;
        }
        throw new IllegalStateException(type + " value is not an integer");
    }

    /** FLOAT32/FLOAT64 (or an integer) as a double. */
    public double asDouble() {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalStateException(type + " value is not a number");
    }

    /** The value as a boolean; fails for other types. */
    public boolean asBool() {
        return (Boolean) as(GgufValueType.BOOL);
    }

    /** The elements of an ARRAY value. */
    public List<?> asList() {
        return (List<?>) as(GgufValueType.ARRAY);
    }

    /** The elements of an array of strings. */
    @SuppressWarnings("unchecked")
    public List<String> asStrings() {
        if (type != GgufValueType.ARRAY || elementType != GgufValueType.STRING) {
            throw new IllegalStateException(type + " value is not an array of strings");
        }
        return (List<String>) value;
    }

    private Object as(GgufValueType t) {
        if (type != t) {
            throw new IllegalStateException(type + " value is not a " + t);
        }
        return value;
    }
}
