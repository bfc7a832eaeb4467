package dev.bindery.tensor.io;

/** The GGUF metadata value types with their on-disk ids (GGUF v3). */
public enum GgufValueType {
    UINT8(0), INT8(1), UINT16(2), INT16(3), UINT32(4), INT32(5), FLOAT32(6), BOOL(7), STRING(8), ARRAY(9),
    UINT64(10), INT64(11), FLOAT64(12);

    private final int id;

    GgufValueType(int id) {
        this.id = id;
    }

    /** The id stored in the file. */
    public int id() {
        return id;
    }

    /** The type with file id {@code id}, or null if there is none. */
    public static GgufValueType ofId(long id) {
        for (GgufValueType t : values()) {
            if (t.id == id) {
                return t;
            }
        }
        return null;
    }
}
