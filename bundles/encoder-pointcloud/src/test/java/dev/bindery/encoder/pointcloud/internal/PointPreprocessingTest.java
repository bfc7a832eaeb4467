package dev.bindery.encoder.pointcloud.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.InvalidInputException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Sampling and normalisation rules beyond the golden cases: small, degenerate and out-of-range clouds. */
class PointPreprocessingTest {
    private static float[] floats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    /** The upstream loop written plainly: float32 distances, first maximum. */
    private static int[] referenceFps(float[] xyz, int n, int count) {
        float[] dist = new float[n];
        Arrays.fill(dist, 1e10f);
        int[] out = new int[count];
        int far = 0;
        for (int c = 0; c < count; c++) {
            out[c] = far;
            float best = -1;
            for (int i = 0; i < n; i++) {
                float dx = xyz[3 * i] - xyz[3 * out[c]];
                float dy = xyz[3 * i + 1] - xyz[3 * out[c] + 1];
                float dz = xyz[3 * i + 2] - xyz[3 * out[c] + 2];
                float d = dx * dx + dy * dy + dz * dz;
                if (d < dist[i]) {
                    dist[i] = d;
                }
                if (dist[i] > best) {
                    best = dist[i];
                    far = i;
                }
            }
        }
        return out;
    }

    @Test
    void vectorisedSamplingEqualsThePlainLoop() {
        for (int n : new int[] {1, 7, 33, 1001}) {
            float[] xyz = floats(SyntheticClouds.points(n, n));
            int count = Math.min(n, 300);
            assertArrayEquals(referenceFps(xyz, n, count), FarthestPointSampling.sample(xyz, n, count), "n = " + n);
        }
    }

    @Test
    void samplingMoreThanThereAreVisitsEveryPointThenRepeatsIndexZero() {
        float[] xyz = floats(SyntheticClouds.points(10, 3));
        int[] idx = FarthestPointSampling.sample(xyz, 10, 15);
        Set<Integer> first = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            first.add(idx[i]);
        }
        assertEquals(10, first.size());
        for (int i = 10; i < 15; i++) {
            assertEquals(0, idx[i]);
        }
    }

    @Test
    void midSizedCloudsPassThroughUnchangedApartFromNormalisation() throws Exception {
        float[] xyz = floats(SyntheticClouds.points(100, 5));
        ModelReadyCloud ready = PointCloudPreprocessor.modelReady(xyz, 100, "mid");
        assertEquals(100, ready.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(i, ready.indices()[i]);
        }
        float maxNorm = 0;
        double[] centroid = new double[3];
        for (int i = 0; i < 100; i++) {
            float[] p = Arrays.copyOfRange(ready.points(), 3 * i, 3 * i + 3);
            maxNorm = Math.max(maxNorm, (float) Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]));
            for (int a = 0; a < 3; a++) {
                centroid[a] += p[a] / 100.0;
            }
        }
        assertEquals(1f, maxNorm, 1e-6f);
        for (double c : centroid) {
            assertEquals(0, c, 1e-6);
        }
    }

    @Test
    void smallCloudsRepeatCyclicallySoEveryGroupIsTheWholeCloud() throws Exception {
        float[] xyz = floats(SyntheticClouds.points(5, 11));
        ModelReadyCloud ready = PointCloudPreprocessor.modelReady(xyz, 5, "five");
        assertEquals(PointCloudPreprocessor.MIN_POINTS, ready.size());
        for (int i = 0; i < ready.size(); i++) {
            assertEquals(i % 5, ready.indices()[i]);
        }
        PointGroups groups = PointGrouping.group(ready.points(), ready.size());
        for (int g = 0; g < groups.numGroups(); g++) {
            Set<Integer> members = new HashSet<>();
            for (int k = 0; k < groups.groupSize(); k++) {
                members.add(groups.neighbourIndices()[g * groups.groupSize() + k]);
            }
            assertEquals(ready.size(), members.size(), "group " + g + " holds every point");
        }
    }

    @Test
    void degenerateCloudsAreRefused() {
        float[] same = new float[3 * 100];
        for (int i = 0; i < 100; i++) {
            same[3 * i] = 0.1f;
            same[3 * i + 1] = -7f;
            same[3 * i + 2] = 3.3f;
        }
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> PointCloudPreprocessor.modelReady(same, 100, "flat.xyz"));
        assertTrue(e.getMessage().contains("flat.xyz") && e.getMessage().contains("all 100 points are equal"),
                e.getMessage());
        assertThrows(InvalidInputException.class, () -> PointCloudPreprocessor.modelReady(new float[] {1, 2, 3}, 1, "one"));
    }

    @Test
    void coordinatesBeyondFloat32DistancesAreRefused() {
        float[] xyz = floats(SyntheticClouds.points(40, 9));
        xyz[7] = 1e30f;
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> PointCloudPreprocessor.modelReady(xyz, 40, "far.ply"));
        assertTrue(e.getMessage().contains("far.ply") && e.getMessage().contains("point 2"), e.getMessage());
        float[] inf = floats(SyntheticClouds.points(40, 9));
        inf[0] = Float.POSITIVE_INFINITY;
        assertThrows(InvalidInputException.class, () -> PointCloudPreprocessor.modelReady(inf, 40, "inf"));
    }
}
