package dev.bindery.tensor.testing;

import java.util.Map;

/**
 * An element-wise closeness rule {@code |actual - expected| <= atol + rtol * |expected|}, as the golden
 * manifests state it per file.
 */
public record Tolerance(double atol, double rtol) {

    /** Exact equality. */
    public static final Tolerance EXACT = new Tolerance(0, 0);

    /** Reads a manifest {@code tolerance} object ({@code {"atol": .., "rtol": ..}}); a missing rtol is 0. */
    public static Tolerance of(Map<String, Object> json) {
        return new Tolerance(number(json.get("atol")), number(json.get("rtol")));
    }

    private static double number(Object o) {
        return o == null ? 0 : ((Number) o).doubleValue();
    }

    /** True when {@code actual} is close enough to {@code expected}; NaN matches only NaN. */
    public boolean accepts(double expected, double actual) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual);
        }
        if (expected == actual) {
            return true; // also equal infinities
        }
        return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
    }

    /** How far {@code actual} is beyond the allowed deviation, as a multiple of it (inf when exactness is asked). */
    double excess(double expected, double actual) {
        if (accepts(expected, actual)) {
            return 0;
        }
        double allowed = atol + rtol * Math.abs(expected);
        double diff = Double.isNaN(actual) || Double.isNaN(expected) ? Double.POSITIVE_INFINITY : Math.abs(actual - expected);
        return allowed == 0 ? Double.POSITIVE_INFINITY : diff / allowed;
    }

    @Override
    public String toString() {
        return "atol=" + atol + ", rtol=" + rtol;
    }
}
