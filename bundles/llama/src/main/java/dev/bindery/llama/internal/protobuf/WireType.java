package dev.bindery.llama.internal.protobuf;

/** The protobuf wire types (the low three bits of a field key). Groups (3, 4) are deprecated and not read. */
public enum WireType {
    VARINT(0), FIXED64(1), LENGTH_DELIMITED(2), START_GROUP(3), END_GROUP(4), FIXED32(5);

    private final int code;

    WireType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The wire type with this code, or {@code null} for the codes 6 and 7 that protobuf does not define. */
    static WireType of(int code) {
        for (WireType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
