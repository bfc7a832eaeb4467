package dev.bindery.tensor.io;

import dev.bindery.tensor.DType;

/** The {@code ggml_type} ids of the tensor types this project stores in GGUF files. */
final class GgmlType {
    private GgmlType() {
    }

    /** The ggml id of {@code d}, or -1 when GGUF has no type for it (U8, BOOL). */
    static int idOf(DType d) {
        return switch (d) {
            case F32 -> 0;
            case F16 -> 1;
            case Q4_0 -> 2;
            case Q8_0 -> 8;
            case Q4_K -> 12;
            case Q6_K -> 14;
            case I8 -> 24;
            case I16 -> 25;
            case I32 -> 26;
            case I64 -> 27;
            case F64 -> 28;
            case BF16 -> 30;
            default -> -1;
        };
    }

    /** The DType of ggml id {@code id}, or null when unsupported here (Q4_1, Q5_*, IQ*, ...). */
    static DType ofId(long id) {
        for (DType d : DType.values()) {
            if (idOf(d) == id) {
                return d;
            }
        }
        return null;
    }
}
