package dev.bindery.cache;

import java.util.Locale;

/**
 * Where a cache's vectors are read from while it is searched.
 *
 * <p>{@link #MAPPED} leaves them in the file: opening takes milliseconds and the operating system's page cache holds
 * what is read, but every scan copies each block out of the mapping before the kernels can load it (the JDK 17 Vector
 * API loads only from arrays), and on one thread that copy and the scoring run one after the other. {@link #HEAP}
 * copies the matrix into heap arrays once when the file is opened, so scans read the vectors in place; it costs heap
 * of the matrix's size (2 GB for 1 M x 1024 in F16) and a read of the whole matrix at open.
 */
public enum Residency {
    /** Vectors stay in the memory-mapped file. */
    MAPPED,
    /** Vectors are copied into the JVM heap when the file is opened. */
    HEAP;

    /**
     * Parses {@code mapped} or {@code heap} (any case; empty is {@code mapped}).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Residency parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "mapped", "" -> MAPPED;
            case "heap" -> HEAP;
            default -> throw new IllegalArgumentException("residency '" + value + "': use mapped or heap");
        };
    }
}
