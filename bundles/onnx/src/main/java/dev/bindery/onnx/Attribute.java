package dev.bindery.onnx;

import java.util.Arrays;
import java.util.Objects;

/** A node attribute: an int, a float, a string, or a list of ints or floats (ONNX {@code AttributeProto}). */
public final class Attribute {
    /** The {@code AttributeProto.AttributeType} codes used here. */
    enum Kind {
        FLOAT(1), INT(2), STRING(3), FLOATS(6), INTS(7);

        final int code;

        Kind(int code) {
            this.code = code;
        }
    }

    private final String name;
    private final Kind kind;
    private final long[] ints;
    private final float[] floats;
    private final String string;

    private Attribute(String name, Kind kind, long[] ints, float[] floats, String string) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = kind;
        this.ints = ints;
        this.floats = floats;
        this.string = string;
    }

    public static Attribute of(String name, long value) {
        return new Attribute(name, Kind.INT, new long[] {value}, null, null);
    }

    public static Attribute of(String name, float value) {
        return new Attribute(name, Kind.FLOAT, null, new float[] {value}, null);
    }

    public static Attribute of(String name, String value) {
        return new Attribute(name, Kind.STRING, null, null, Objects.requireNonNull(value, "value"));
    }

    public static Attribute ints(String name, long... values) {
        return new Attribute(name, Kind.INTS, values.clone(), null, null);
    }

    public static Attribute floats(String name, float... values) {
        return new Attribute(name, Kind.FLOATS, null, values.clone(), null);
    }

    public String name() {
        return name;
    }

    Kind kind() {
        return kind;
    }

    long[] intValues() {
        return ints;
    }

    float[] floatValues() {
        return floats;
    }

    String stringValue() {
        return string;
    }

    @Override
    public String toString() {
        switch (kind) {
            case INT:
                return name + "=" + ints[0];
            case FLOAT:
                return name + "=" + floats[0];
            case STRING:
                return name + "='" + string + "'";
            case INTS:
                return name + "=" + Arrays.toString(ints);
            default:
                return name + "=" + Arrays.toString(floats);
        }
    }
}
