package dev.bindery.encoder.pointcloud.internal;

import java.util.Arrays;
import java.util.Objects;

/**
 * The xyz coordinates a point file holds, in file order, as the upstream loader returns them
 * ({@code load_and_transform_point_cloud_data}: open3d and the {@code .obj} parser give float64, {@code .npy} keeps
 * its own dtype). Values of float32 sources are stored as the exact doubles of their float32 values.
 * Immutable; colours, normals and every other property of the file are not kept.
 */
public final class PointCloud {
    /** The precision the upstream loader returns the points in. */
    public enum Precision {
        /** float32 ({@code .npy} files of dtype float32). */
        FLOAT32,
        /** float64 (open3d formats, {@code .obj}, {@code .npy} of dtype float64). */
        FLOAT64
    }

    private final String source;
    private final double[] xyz;
    private final int size;
    private final Precision precision;

    /**
     * A cloud of {@code size} points taken from {@code xyz[0 .. 3 * size)} (interleaved x, y, z; copied).
     *
     * @param source names the origin (usually the file) in messages
     */
    public PointCloud(String source, double[] xyz, int size, Precision precision) {
        if (size < 0 || 3L * size > xyz.length) {
            throw new IllegalArgumentException("cloud of " + size + " points needs " + 3L * size + " values, got "
                    + xyz.length);
        }
        this.source = Objects.requireNonNull(source, "source");
        this.xyz = Arrays.copyOf(xyz, 3 * size);
        this.size = size;
        this.precision = Objects.requireNonNull(precision, "precision");
    }

    /** Where the points came from (file path), for messages. */
    public String source() {
        return source;
    }

    /** The number of points. */
    public int size() {
        return size;
    }

    /** The precision the upstream loader returns for this source. */
    public Precision precision() {
        return precision;
    }

    /** Coordinate {@code axis} (0 = x, 1 = y, 2 = z) of point {@code i}. */
    public double get(int i, int axis) {
        Objects.checkIndex(i, size);
        Objects.checkIndex(axis, 3);
        return xyz[3 * i + axis];
    }

    /** The coordinates interleaved as {@code x0 y0 z0 x1 ...} (a copy of {@code 3 * size} values). */
    public double[] toInterleaved() {
        return xyz.clone();
    }

    /** The coordinates as {@code size} rows of {@code {x, y, z}} (the loader's N x 3 array). */
    public double[][] toRows() {
        double[][] rows = new double[size][];
        for (int i = 0; i < size; i++) {
            rows[i] = new double[] {xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]};
        }
        return rows;
    }

    /**
     * The coordinates rounded to float32, interleaved: Point-Bind's {@code astype(np.float32)}, the first step of
     * the model-ready cloud.
     */
    public float[] toFloat32() {
        float[] out = new float[3 * size];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) xyz[i];
        }
        return out;
    }

    @Override
    public String toString() {
        return "PointCloud[" + size + " points, " + precision + ", " + source + "]";
    }
}
