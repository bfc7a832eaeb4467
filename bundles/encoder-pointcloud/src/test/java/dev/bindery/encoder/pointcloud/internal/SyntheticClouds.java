package dev.bindery.encoder.pointcloud.internal;

import java.util.Random;

/** Reproducible random clouds for the format and edge-case tests. */
final class SyntheticClouds {
    private SyntheticClouds() {
    }

    /** {@code n} points with float32-representable coordinates in [-2, 2), interleaved, from {@code seed}. */
    static double[] points(int n, long seed) {
        Random r = new Random(seed);
        double[] xyz = new double[3 * n];
        for (int i = 0; i < xyz.length; i++) {
            xyz[i] = (float) (4 * r.nextDouble() - 2);
        }
        return xyz;
    }
}
