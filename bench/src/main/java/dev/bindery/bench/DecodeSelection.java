package dev.bindery.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which part of {@link DecodeBenchmark} a run measures: formats, thread counts and methods (decode, prompt). Each
 * format's fork loads a whole model, so a run that only needs one figure (say Q4_0 decode on 1 thread) is minutes
 * shorter when it names it. Empty lists mean "all". Set with system properties of the bench command:
 * {@code -Dbindery.bench.decode.formats=Q8_0,Q4_0 -Dbindery.bench.decode.threads=1
 * -Dbindery.bench.decode.methods=decode}.
 *
 * @param formats the {@code format} parameter values, e.g. {@code Q4_0}
 * @param threads the {@code threads} parameter values, e.g. {@code 1}
 * @param methods benchmark methods, {@code decode} and/or {@code prompt}
 */
record DecodeSelection(List<String> formats, List<String> threads, List<String> methods) {
    /** Everything the benchmark declares. */
    static final DecodeSelection ALL = new DecodeSelection(List.of(), List.of(), List.of());
    static final String FORMATS_PROPERTY = "bindery.bench.decode.formats";
    static final String THREADS_PROPERTY = "bindery.bench.decode.threads";
    static final String METHODS_PROPERTY = "bindery.bench.decode.methods";

    /**
     * The selection the system properties name ({@link #ALL} where none is set).
     *
     * @throws IllegalArgumentException naming a bad value
     */
    static DecodeSelection fromSystemProperties() {
        DecodeSelection s = ALL;
        String formats = System.getProperty(FORMATS_PROPERTY);
        String threads = System.getProperty(THREADS_PROPERTY);
        String methods = System.getProperty(METHODS_PROPERTY);
        if (formats != null) {
            s = s.withFormats(formats);
        }
        if (threads != null) {
            s = s.withThreads(threads);
        }
        return methods == null ? s : s.withMethods(methods);
    }

    /** The formats to write models for and measure: the selected ones, or every declared one. */
    List<String> formatsOr(List<String> declared) {
        return formats.isEmpty() ? declared : formats;
    }

    /** The JMH include pattern for the selected methods. */
    String includePattern() {
        String base = DecodeBenchmark.class.getSimpleName();
        return methods.isEmpty() ? base : base + "\\.(" + String.join("|", methods) + ")$";
    }

    /** This selection with {@code formats} replaced by a comma-separated list (upper case, as the parameter). */
    DecodeSelection withFormats(String list) {
        return new DecodeSelection(split(list, true), threads, methods);
    }

    /**
     * This selection with {@code threads} replaced by a comma-separated list.
     *
     * @throws IllegalArgumentException if an entry is not a positive integer
     */
    DecodeSelection withThreads(String list) {
        List<String> values = split(list, false);
        for (String v : values) {
            if (!v.matches("[1-9][0-9]*")) {
                throw new IllegalArgumentException(THREADS_PROPERTY + " takes positive integers, not '" + v + "'");
            }
        }
        return new DecodeSelection(formats, values, methods);
    }

    /**
     * This selection with {@code methods} replaced by a comma-separated list.
     *
     * @throws IllegalArgumentException if an entry is neither {@code decode} nor {@code prompt}
     */
    DecodeSelection withMethods(String list) {
        List<String> values = split(list, false);
        for (String v : values) {
            if (!v.equals("decode") && !v.equals("prompt")) {
                throw new IllegalArgumentException(METHODS_PROPERTY + " takes decode and prompt, not '" + v + "'");
            }
        }
        return new DecodeSelection(formats, threads, values);
    }

    private static List<String> split(String list, boolean upper) {
        List<String> out = new ArrayList<>();
        for (String v : list.split(",")) {
            String t = v.trim();
            if (!t.isEmpty()) {
                out.add(upper ? t.toUpperCase(Locale.ROOT) : t);
            }
        }
        return out;
    }
}
