package dev.bindery.encoder.pointcloud.internal;

import dev.bindery.api.InvalidInputException;
import java.util.Arrays;

/**
 * Collects the points a reader finds, refusing more than the reader's limit (so a huge or endless file never grows
 * memory without bound) and any coordinate that is NaN or infinite (the model cannot use it, and upstream would
 * carry the NaN into every distance and the embedding).
 */
final class PointSink {
    /** The most points the buffer holds before the first point arrives. */
    static final int INITIAL_CAPACITY = 1 << 16;

    private final String file;
    private final int maxPoints;
    private final long expected;
    private String nonFiniteAdvice = "remove NaN/infinite points before encoding";
    private double[] xyz;
    private int count;

    /**
     * @param expected the count a header states, or -1 when unknown; must already be checked against the limit
     */
    PointSink(String file, int maxPoints, long expected) {
        this.file = file;
        this.maxPoints = maxPoints;
        this.expected = expected;
        // A stated count is a capacity hint only: the buffer starts small and doubles (never past the stated count),
        // so a header that claims more points than its file holds cannot make a large allocation.
        int initial = expected >= 0 ? (int) Math.min(Math.min(expected, maxPoints), INITIAL_CAPACITY) : 1024;
        this.xyz = new double[3 * Math.max(initial, 1)];
    }

    /**
     * Replaces the advice appended to the message for a NaN or infinite coordinate (default: remove such points
     * before encoding), e.g. to explain that the format marks invalid points with NaN.
     */
    void nonFiniteAdvice(String advice) {
        this.nonFiniteAdvice = advice;
    }

    /** Throws when a header states more points than the limit allows. */
    static void checkDeclared(String file, long declared, int maxPoints, String what) throws InvalidInputException {
        if (declared < 0) {
            throw PointFileErrors.of(file, what + " is negative (" + declared + ")");
        }
        if (declared > maxPoints) {
            throw tooMany(file, declared + " points declared by " + what, maxPoints);
        }
    }

    /**
     * Adds one point.
     *
     * @param line the text line it came from, or 0 for binary data (the point's index is reported either way)
     */
    void add(double x, double y, double z, int line) throws InvalidInputException {
        if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(z)) {
            String where = line > 0 ? "line " + line + " (point " + count + ")" : "point " + count;
            throw PointFileErrors.of(file, where + ": coordinate is not a finite number (" + x + ", " + y + ", " + z
                    + "); " + nonFiniteAdvice);
        }
        if (count == maxPoints) {
            throw tooMany(file, "more than " + maxPoints + " points", maxPoints);
        }
        if (3 * count == xyz.length) {
            long capacity = Math.min(2L * count, maxPoints);
            if (expected > count) {
                capacity = Math.min(capacity, expected);
            }
            xyz = Arrays.copyOf(xyz, (int) (3 * capacity));
        }
        int o = 3 * count;
        xyz[o] = x;
        xyz[o + 1] = y;
        xyz[o + 2] = z;
        count++;
    }

    /** The number of points added so far. */
    int count() {
        return count;
    }

    /** The cloud; an empty cloud is an error. */
    PointCloud finish(PointCloud.Precision precision) throws InvalidInputException {
        if (count == 0) {
            throw PointFileErrors.of(file, "contains no points");
        }
        return new PointCloud(file, xyz, count, precision);
    }

    private static InvalidInputException tooMany(String file, String what, int maxPoints) {
        return PointFileErrors.of(file, what + ": the limit is " + maxPoints
                + " points (PointCloudReader.maxPoints); subsample the cloud first");
    }
}
