package dev.bindery.encoder.pointcloud.internal;

import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Farthest point sampling exactly as both upstream versions compute it: Point-Bind's numpy
 * {@code farthest_point_sample} (model-ready cloud) and Point-BERT's torch {@code misc.fps} (group centres).
 * Start at index 0 (upstream draws it at random; the fixtures fix it to 0), keep for every point the smallest
 * squared distance to the chosen ones, {@code ((dx*dx + dy*dy) + dz*dz)} rounded to float32 at every step, and
 * choose next the first point with the largest such distance. Distances start at 1e10 as upstream (so points
 * farther than 1e5 from every chosen point tie at 1e10, an upstream quirk kept for parity).
 *
 * <p>When {@code count} exceeds the number of points, every point is chosen once and then index 0 repeats (all
 * distances are 0), which is what both upstream loops do.
 */
public final class FarthestPointSampling {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final float INITIAL_DISTANCE = 1e10f;
    /** The most points a cloud may have: indices are tracked exactly in float lanes. */
    public static final int MAX_POINTS = 1 << 24;

    private FarthestPointSampling() {
    }

    /**
     * The indices of {@code count} points chosen from the {@code n} points of {@code xyz} (interleaved x y z).
     *
     * @throws IllegalArgumentException if {@code n < 1}, {@code count < 0}, {@code n > 2^24} (indices are tracked
     *                                  exactly in float lanes) or {@code xyz} is shorter than {@code 3n}
     */
    public static int[] sample(float[] xyz, int n, int count) {
        Objects.requireNonNull(xyz, "xyz");
        if (n < 1 || count < 0 || n > MAX_POINTS || xyz.length < 3L * n) {
            throw new IllegalArgumentException("cannot sample " + count + " of " + n + " points from "
                    + xyz.length + " values");
        }
        float[] x = new float[n];
        float[] y = new float[n];
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = xyz[3 * i];
            y[i] = xyz[3 * i + 1];
            z[i] = xyz[3 * i + 2];
        }
        float[] distance = new float[n];
        java.util.Arrays.fill(distance, INITIAL_DISTANCE);
        float[] iota = new float[L];
        for (int l = 0; l < L; l++) {
            iota[l] = l;
        }
        FloatVector lane = FloatVector.fromArray(F, iota, 0);
        int[] chosen = new int[count];
        int farthest = 0;
        for (int c = 0; c < count; c++) {
            chosen[c] = farthest;
            farthest = update(x, y, z, distance, n, x[farthest], y[farthest], z[farthest], lane);
        }
        return chosen;
    }

    /** Lowers every distance to the new centre and returns the first index of the largest distance. */
    private static int update(float[] x, float[] y, float[] z, float[] distance, int n, float cx, float cy, float cz,
                              FloatVector lane) {
        FloatVector best = FloatVector.broadcast(F, -1f);
        FloatVector bestIndex = FloatVector.zero(F);
        int i = 0;
        for (int bound = n - L; i <= bound; i += L) {
            FloatVector dx = FloatVector.fromArray(F, x, i).sub(cx);
            FloatVector dy = FloatVector.fromArray(F, y, i).sub(cy);
            FloatVector dz = FloatVector.fromArray(F, z, i).sub(cz);
            // No fused multiply-add: each product and sum is rounded to float32 as numpy and torch do.
            FloatVector d = dx.mul(dx).add(dy.mul(dy)).add(dz.mul(dz));
            FloatVector kept = FloatVector.fromArray(F, distance, i).min(d);
            kept.intoArray(distance, i);
            // Strictly greater: within a lane the earlier index wins ties.
            VectorMask<Float> better = kept.compare(VectorOperators.GT, best);
            best = best.blend(kept, better);
            bestIndex = bestIndex.blend(lane.add((float) i), better);
        }
        float max = -1f;
        int arg = 0;
        if (i > 0) {
            max = best.reduceLanes(VectorOperators.MAX);
            // The smallest index among the lanes holding the maximum.
            arg = Integer.MAX_VALUE;
            for (int l = 0; l < L; l++) {
                if (best.lane(l) == max) {
                    arg = Math.min(arg, (int) bestIndex.lane(l));
                }
            }
        }
        for (; i < n; i++) {
            float dx = x[i] - cx;
            float dy = y[i] - cy;
            float dz = z[i] - cz;
            float d = dx * dx + dy * dy + dz * dz;
            float kept = Math.min(distance[i], d);
            distance[i] = kept;
            if (kept > max) {
                max = kept;
                arg = i;
            }
        }
        return arg;
    }
}
