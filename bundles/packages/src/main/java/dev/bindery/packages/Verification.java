package dev.bindery.packages;

import java.util.Locale;

/**
 * How thoroughly {@link ModelPackage#open} checks the package's files against the manifest.
 *
 * <p>The default is {@link #CHECKSUMS}. Reading a released package (about 20 GB) to hash it takes minutes, so an
 * operator who trusts the disk may choose {@link #SIZES_ONLY} with the system property
 * {@value #PROPERTY}{@code =sizes} (for Karaf: in {@code etc/system.properties} or {@code EXTRA_JAVA_OPTS}); the
 * manifest, the dimensions and the files' headers are still checked.
 */
public enum Verification {
    /** Size and SHA-256 of every file (streamed; a few seconds per gigabyte). */
    CHECKSUMS,
    /** Size of every file only: fast, but does not notice a file altered in place with its length kept. */
    SIZES_ONLY;

    /** The system property that selects the mode: {@code checksums} (default) or {@code sizes}. */
    public static final String PROPERTY = "bindery.package.verify";

    /**
     * The mode the system property {@value #PROPERTY} selects.
     *
     * @throws IllegalArgumentException naming the property when its value is neither {@code checksums} nor
     *                                  {@code sizes}
     */
    public static Verification configured() {
        return parse(System.getProperty(PROPERTY, "checksums"));
    }

    /** Parses {@code checksums} or {@code sizes} (case-insensitive). */
    public static Verification parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "checksums", "sha256", "full" -> CHECKSUMS;
            case "sizes", "sizes-only", "sizes_only", "fast" -> SIZES_ONLY;
            default -> throw new IllegalArgumentException(PROPERTY + " is '" + value
                    + "'; use checksums or sizes");
        };
    }
}
