package dev.bindery.llama.convert;

import java.util.Locale;

/** The format the large LLaMA weight matrices are written in when converting to GGUF. */
public enum GgufWeightFormat {
    /** As the checkpoint stores them (F16 for Meta's release). */
    STORED,
    F32,
    F16,
    /** 8-bit blocks of 32 with one F16 scale (ggml's Q8_0). */
    Q8_0,
    /** 4-bit blocks of 32 with one F16 scale (ggml's Q4_0). */
    Q4_0;

    /**
     * Parses {@code stored}, {@code f32}, {@code f16}, {@code q8_0} or {@code q4_0} (case-insensitive, {@code -} and
     * {@code _} interchangeable).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static GgufWeightFormat parse(String value) {
        String v = value == null ? "" : value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (GgufWeightFormat f : values()) {
            if (f.name().equals(v)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown LLaMA weight format '" + value
                + "' (use stored, f32, f16, q8_0 or q4_0)");
    }
}
