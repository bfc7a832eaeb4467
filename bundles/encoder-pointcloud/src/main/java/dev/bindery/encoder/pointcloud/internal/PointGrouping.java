package dev.bindery.encoder.pointcloud.internal;

import dev.bindery.tensor.kernel.Parallel;
import java.util.Objects;

/**
 * Point-BERT's {@code Group} module: {@code G} centres by {@link FarthestPointSampling farthest point sampling}
 * (start index 0), the {@code K} nearest points of each centre by {@code square_distance}, and the neighbourhoods
 * centred on their centre. Stages are public so that a benchmark can time sampling and neighbour search apart.
 *
 * <p>Distances use upstream's formula in float32, {@code (-2 (c . p) + |c|^2) + |p|^2}, with the dot product as a
 * chain of fused multiply-adds ({@code fma(cz, pz, fma(cy, py, cx * px))}, which reproduces the values of the
 * OpenBLAS {@code sgemm} behind {@code torch.matmul} bit for bit on the fixtures). The formula can differ from the
 * exact distance by a few ulps of {@code |p|^2}, so near-ties at the k-th neighbour follow upstream, not geometry.
 * Upstream takes {@code topk(largest=False, sorted=False)}, whose order does not matter because the encoder
 * max-pools over each group; here the neighbours are sorted by that distance, ties by index (the fixtures' order).
 */
public final class PointGrouping {
    /** Point-BERT's number of groups. */
    public static final int NUM_GROUPS = 512;
    /** Point-BERT's group size. */
    public static final int GROUP_SIZE = 32;

    private PointGrouping() {
    }

    /** Groups {@code n} interleaved points into {@value #NUM_GROUPS} groups of {@value #GROUP_SIZE}. */
    public static PointGroups group(float[] xyz, int n) {
        return group(xyz, n, NUM_GROUPS, GROUP_SIZE);
    }

    /**
     * Groups {@code n} interleaved points into {@code numGroups} groups of {@code groupSize}.
     *
     * @throws IllegalArgumentException if there are fewer points than {@code groupSize}
     */
    public static PointGroups group(float[] xyz, int n, int numGroups, int groupSize) {
        return group(Parallel.common(), xyz, n, numGroups, groupSize);
    }

    /** As {@link #group(float[], int, int, int)}, the neighbour search on {@code pool}'s threads. */
    public static PointGroups group(Parallel pool, float[] xyz, int n, int numGroups, int groupSize) {
        int[] centreIndices = centres(xyz, n, numGroups);
        float[] centres = PointCloudPreprocessor.gather(xyz, centreIndices);
        int[] neighbours = nearest(pool, xyz, n, centres, numGroups, groupSize);
        float[] neighbourhoods = neighbourhoods(xyz, centres, neighbours, numGroups, groupSize);
        return new PointGroups(numGroups, groupSize, centreIndices, centres, neighbours, neighbourhoods);
    }

    /** Stage 1: the centre indices ({@code misc.fps}, start 0). */
    public static int[] centres(float[] xyz, int n, int numGroups) {
        return FarthestPointSampling.sample(xyz, n, numGroups);
    }

    /**
     * Stage 2: for every centre (interleaved), the indices of its {@code k} nearest points, ascending distance,
     * ties by index. Runs the centres in parallel on the common kernel pool.
     */
    public static int[] nearest(float[] xyz, int n, float[] centres, int numCentres, int k) {
        return nearest(Parallel.common(), xyz, n, centres, numCentres, k);
    }

    /** As {@link #nearest(float[], int, float[], int, int)}, the centres in parallel on {@code pool}'s threads. */
    public static int[] nearest(Parallel pool, float[] xyz, int n, float[] centres, int numCentres, int k) {
        Objects.requireNonNull(xyz, "xyz");
        if (n < k || k < 1) {
            throw new IllegalArgumentException("cannot take " + k + " nearest of " + n + " points");
        }
        float[] squares = new float[n];
        for (int i = 0; i < n; i++) {
            float x = xyz[3 * i];
            float y = xyz[3 * i + 1];
            float z = xyz[3 * i + 2];
            squares[i] = x * x + y * y + z * z;
        }
        int[] out = new int[numCentres * k];
        pool.parallelFor(0, numCentres, 8, (from, to) -> {
            float[] heapDist = new float[k];
            int[] heapIndex = new int[k];
            for (int c = from; c < to; c++) {
                selectNearest(xyz, squares, n, centres[3 * c], centres[3 * c + 1], centres[3 * c + 2], k, heapDist,
                        heapIndex);
                System.arraycopy(heapIndex, 0, out, c * k, k);
            }
        });
        return out;
    }

    /** Stage 3: the neighbours' coordinates minus their centre, (G x K x 3). */
    public static float[] neighbourhoods(float[] xyz, float[] centres, int[] neighbours, int numCentres, int k) {
        float[] out = new float[numCentres * k * 3];
        for (int c = 0; c < numCentres; c++) {
            for (int j = 0; j < k; j++) {
                int p = neighbours[c * k + j];
                int o = 3 * (c * k + j);
                for (int a = 0; a < 3; a++) {
                    out[o + a] = xyz[3 * p + a] - centres[3 * c + a];
                }
            }
        }
        return out;
    }

    /**
     * The k smallest (distance, index) pairs by a bounded max-heap, then sorted ascending into the arrays.
     */
    private static void selectNearest(float[] xyz, float[] squares, int n, float cx, float cy, float cz, int k,
                                      float[] dist, int[] index) {
        float centreSquare = cx * cx + cy * cy + cz * cz;
        int size = 0;
        for (int i = 0; i < n; i++) {
            // The dot product as the BLAS kernel behind torch.matmul computes it: a chain of fused multiply-adds.
            float dot = Math.fma(xyz[3 * i + 2], cz, Math.fma(xyz[3 * i + 1], cy, xyz[3 * i] * cx));
            float d = -2f * dot + centreSquare + squares[i];
            if (size < k) {
                siftUp(dist, index, size++, d, i);
            } else if (d < dist[0]) {
                // Equal distance never replaces: the earlier index wins a tie, as points come in index order.
                siftDown(dist, index, k, d, i);
            }
        }
        // Heap sort in place: repeatedly move the largest to the end.
        for (int end = k - 1; end > 0; end--) {
            float d = dist[end];
            int i = index[end];
            dist[end] = dist[0];
            index[end] = index[0];
            siftDown(dist, index, end, d, i);
        }
    }

    /** Max-heap order: larger distance first, and for equal distances the larger index first. */
    private static boolean above(float d1, int i1, float d2, int i2) {
        return d1 > d2 || (d1 == d2 && i1 > i2);
    }

    private static void siftUp(float[] dist, int[] index, int pos, float d, int i) {
        while (pos > 0) {
            int parent = (pos - 1) >>> 1;
            if (!above(d, i, dist[parent], index[parent])) {
                break;
            }
            dist[pos] = dist[parent];
            index[pos] = index[parent];
            pos = parent;
        }
        dist[pos] = d;
        index[pos] = i;
    }

    /** Replaces the root with (d, i) and restores the heap over the first {@code size} entries. */
    private static void siftDown(float[] dist, int[] index, int size, float d, int i) {
        int pos = 0;
        while (true) {
            int child = 2 * pos + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && above(dist[child + 1], index[child + 1], dist[child], index[child])) {
                child++;
            }
            if (!above(dist[child], index[child], d, i)) {
                break;
            }
            dist[pos] = dist[child];
            index[pos] = index[child];
            pos = child;
        }
        dist[pos] = d;
        index[pos] = i;
    }
}
