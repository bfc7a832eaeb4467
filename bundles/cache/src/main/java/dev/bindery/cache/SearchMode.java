package dev.bindery.cache;

import java.util.Locale;

/** How a cache service searches: always exactly, always through its HNSW index, or through the index when one fits. */
public enum SearchMode {
    /** Scan every entry (exact top-k). */
    EXACT,
    /** Walk the HNSW graph; a missing or outdated graph file is an error. */
    HNSW,
    /** Walk the HNSW graph when its file exists and was built from this cache; scan otherwise. */
    AUTO;

    /**
     * Parses {@code exact}, {@code hnsw} or {@code auto} (any case).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static SearchMode parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "exact" -> EXACT;
            case "hnsw" -> HNSW;
            case "auto", "" -> AUTO;
            default -> throw new IllegalArgumentException("search mode '" + value + "': use exact, hnsw or auto");
        };
    }
}
