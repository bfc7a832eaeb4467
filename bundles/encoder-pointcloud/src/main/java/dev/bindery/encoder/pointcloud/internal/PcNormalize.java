package dev.bindery.encoder.pointcloud.internal;

/**
 * Point-Bind's {@code pc_normalize} in float32 with numpy's order of operations: the centroid is the row-by-row
 * float32 sum divided by N ({@code np.mean(axis=0)} of a C-ordered array accumulates rows sequentially), points are
 * centred, and divided by the largest {@code sqrt((x*x + y*y) + z*z)}.
 */
public final class PcNormalize {
    private PcNormalize() {
    }

    /**
     * Normalises {@code n} interleaved points in place.
     *
     * @return the radius the points were divided by (0 when every point is the same: then the points are left
     *         centred at the origin and the caller must refuse the cloud, as upstream would divide by zero)
     */
    public static float normalize(float[] xyz, int n) {
        float sx = 0;
        float sy = 0;
        float sz = 0;
        for (int i = 0; i < n; i++) {
            sx += xyz[3 * i];
            sy += xyz[3 * i + 1];
            sz += xyz[3 * i + 2];
        }
        float count = n;
        float cx = sx / count;
        float cy = sy / count;
        float cz = sz / count;
        float maxSquare = 0;
        for (int i = 0; i < n; i++) {
            float x = xyz[3 * i] - cx;
            float y = xyz[3 * i + 1] - cy;
            float z = xyz[3 * i + 2] - cz;
            xyz[3 * i] = x;
            xyz[3 * i + 1] = y;
            xyz[3 * i + 2] = z;
            maxSquare = Math.max(maxSquare, x * x + y * y + z * z);
        }
        // sqrt is monotonic, so the largest norm is the root of the largest square; float sqrt via double is exact.
        float radius = (float) Math.sqrt(maxSquare);
        if (radius == 0) {
            return 0;
        }
        for (int i = 0; i < 3 * n; i++) {
            xyz[i] = xyz[i] / radius;
        }
        return radius;
    }
}
