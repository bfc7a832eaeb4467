package dev.bindery.bindnet;

import dev.bindery.tensor.DType;
import java.util.Locale;

/**
 * How the bind network keeps its large weight matrices in memory. The released network has 608 M parameters
 * (2.4 GB in F32); Q8_0 keeps it in about 0.65 GB with a relative output error near 1e-3, Q4_0 in about 0.34 GB.
 */
public enum WeightFormat {
    /** The checkpoint's own format (F32, F16, BF16, or the GGML block format of a GGUF file). */
    AS_STORED(null),
    /** Quantised on load to GGML Q8_0 (needs every matrix's input width to be a multiple of 32). */
    Q8_0(DType.Q8_0),
    /** Quantised on load to GGML Q4_0 (needs every matrix's input width to be a multiple of 32). */
    Q4_0(DType.Q4_0);

    private final DType target;

    WeightFormat(DType target) {
        this.target = target;
    }

    /** The block format matrices are quantised to, or null for {@link #AS_STORED}. */
    public DType target() {
        return target;
    }

    /**
     * Parses a configuration value: {@code as-stored}, {@code q8_0} or {@code q4_0} (case-insensitive; {@code -} and
     * {@code _} are interchangeable).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static WeightFormat parse(String value) {
        String v = value == null ? "" : value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (WeightFormat f : values()) {
            if (f.name().equals(v)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown weight format '" + value + "' (use as-stored, q8_0 or q4_0)");
    }
}
