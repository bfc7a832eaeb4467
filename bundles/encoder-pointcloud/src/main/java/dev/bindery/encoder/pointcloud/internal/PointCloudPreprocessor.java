package dev.bindery.encoder.pointcloud.internal;

import dev.bindery.api.InvalidInputException;

/**
 * The model-ready cloud, as Point-Bind's {@code ModelNet._get_item} builds it for the Point-BERT encoder:
 * {@code astype(float32)}, {@link FarthestPointSampling farthest point sampling} to {@value #POINTS} points when the
 * cloud is larger (start index 0), then {@link PcNormalize pc_normalize}. Each stage is a public method, so that a
 * benchmark can time it.
 *
 * <p><b>Small clouds.</b> A cloud of at most {@value #POINTS} points passes through unchanged, as upstream passes it
 * (its loader does no resampling, and {@code ModelNet._get_item} only ever shortens). Point-BERT works on any number
 * of points that is at least the group size: it takes 512 farthest-point centres (repeating index 0 once every
 * point is a centre) and 32 nearest neighbours per centre. Below {@value #MIN_POINTS} points the neighbour search
 * has too few points, so the cloud is <b>repeated cyclically</b> (point {@code i} of the result is point
 * {@code i mod N}) up to {@value #MIN_POINTS} points. Then every group is the whole cloud with repetitions, and as
 * the encoder max-pools over each group, the result is the same as grouping the N distinct points.
 *
 * <p>Refused with {@link InvalidInputException}: coordinates beyond {@value #MAX_ABS_COORDINATE} in magnitude
 * (squared distances would overflow float32) and degenerate clouds whose points are all equal (the radius is 0
 * and upstream would divide by it).
 */
public final class PointCloudPreprocessor {
    /** The number of points of the model-ready cloud (Point-Bind's {@code npoints}). */
    public static final int POINTS = 8192;
    /** The fewest points the encoder can group (Point-BERT's group size). */
    public static final int MIN_POINTS = 32;
    /** The largest coordinate magnitude accepted. */
    public static final float MAX_ABS_COORDINATE = 1e18f;

    private PointCloudPreprocessor() {
    }

    /** The model-ready cloud of a file's points: {@code (count x 3)} float32, interleaved. */
    public static ModelReadyCloud modelReady(PointCloud cloud) throws InvalidInputException {
        return modelReady(cloud.toFloat32(), cloud.size(), cloud.source());
    }

    /**
     * The model-ready cloud of {@code n} float32 points (interleaved; not modified).
     *
     * @param source names the cloud in error messages
     */
    public static ModelReadyCloud modelReady(float[] xyz, int n, String source) throws InvalidInputException {
        checkCoordinates(xyz, n, source);
        int[] indices = sampleIndices(xyz, n);
        float[] points = gather(xyz, indices);
        // Checked before normalising: float32 rounding of the centroid can leave equal points a tiny, non-zero
        // distance from it, and they would then all be scaled onto one point at radius 1.
        float radius = allEqual(points, indices.length) ? 0 : PcNormalize.normalize(points, indices.length);
        if (radius == 0) {
            throw new InvalidInputException("point cloud " + source + ": all " + n
                    + " points are equal; a cloud needs extent to be normalised");
        }
        return new ModelReadyCloud(points, indices.length, indices, radius);
    }

    /**
     * Which input points the model-ready cloud holds, in order: the farthest point sample when {@code n} exceeds
     * {@value #POINTS}, all points when {@value #MIN_POINTS} &lt;= n &lt;= {@value #POINTS}, the cyclic repetition
     * to {@value #MIN_POINTS} below.
     */
    public static int[] sampleIndices(float[] xyz, int n) {
        if (n > POINTS) {
            return FarthestPointSampling.sample(xyz, n, POINTS);
        }
        int[] indices = new int[Math.max(n, MIN_POINTS)];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = i % n;
        }
        return indices;
    }

    /** The points at {@code indices}, interleaved. */
    public static float[] gather(float[] xyz, int[] indices) {
        float[] out = new float[3 * indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(xyz, 3 * indices[i], out, 3 * i, 3);
        }
        return out;
    }

    private static boolean allEqual(float[] xyz, int n) {
        for (int i = 1; i < n; i++) {
            if (xyz[3 * i] != xyz[0] || xyz[3 * i + 1] != xyz[1] || xyz[3 * i + 2] != xyz[2]) {
                return false;
            }
        }
        return true;
    }

    /** Refuses empty clouds and coordinates that are not finite or too large for float32 distances. */
    static void checkCoordinates(float[] xyz, int n, String source) throws InvalidInputException {
        if (n < 1) {
            throw new InvalidInputException("point cloud " + source + ": contains no points");
        }
        if (n > FarthestPointSampling.MAX_POINTS) {
            throw new InvalidInputException("point cloud " + source + ": " + n + " points exceed the "
                    + FarthestPointSampling.MAX_POINTS + " farthest point sampling takes");
        }
        for (int i = 0; i < 3 * n; i++) {
            float v = xyz[i];
            if (!(Math.abs(v) <= MAX_ABS_COORDINATE)) {
                throw new InvalidInputException("point cloud " + source + ": point " + i / 3 + " has coordinate " + v
                        + " (as float32), outside the accepted range of +-" + MAX_ABS_COORDINATE);
            }
        }
    }
}
