package dev.bindery.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.tensor.DType;
import dev.bindery.tensor.kernel.Parallel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exact search against a brute-force double-precision ranking, across block and segment edges and thread counts. */
class ExactSearchTest {
    @TempDir
    Path tmp;

    private static Parallel pool;

    @BeforeAll
    static void startPool() {
        pool = new Parallel(3, "test-search");
    }

    @AfterAll
    static void stopPool() {
        pool.close();
    }

    /** Indices of the k best entries by exact inner product of the stored (possibly F16-rounded) vectors. */
    private static long[] bruteForce(CacheFile f, float[] q, int k) {
        List<double[]> scored = new ArrayList<>();
        for (long i = 0; i < f.size(); i++) {
            float[] v = f.vector(i);
            double s = 0;
            for (int c = 0; c < v.length; c++) {
                s += (double) v[c] * q[c];
            }
            scored.add(new double[] {s, i});
        }
        scored.sort(Comparator.<double[]>comparingDouble(a -> -a[0]).thenComparingDouble(a -> a[1]));
        long[] out = new long[Math.min(k, scored.size())];
        for (int i = 0; i < out.length; i++) {
            out[i] = (long) scored.get(i)[1];
        }
        return out;
    }

    /** {@code n} random unit queries, row-major. */
    private static float[] queries(Random rnd, int n, int dim) {
        float[] queries = new float[n * dim];
        for (int q = 0; q < n; q++) {
            System.arraycopy(RandomCaches.unit(rnd, dim), 0, queries, q * dim, dim);
        }
        return queries;
    }

    @Test
    void matchesBruteForceForBothStorageTypesAcrossBlocksAndSegments() throws Exception {
        int dim = 40; // not a multiple of the vector length: kernel tails run too
        List<CacheEntry> entries = RandomCaches.entries(301, dim, 1, false);
        Random rnd = new Random(2);
        for (DType dtype : List.of(DType.F32, DType.F16)) {
            Path file = RandomCaches.write(tmp.resolve("c-" + dtype + ".bvc"), entries, dim, dtype);
            int rowBytes = dim * (dtype == DType.F32 ? 4 : 2);
            for (Residency residency : Residency.values()) {
                // 29 rows per segment: blocks of 10 rows cross no segment edge but end short in every segment
                try (CacheFile f = CacheFile.open(file, true, residency, 29L * rowBytes)) {
                    assertTrue(f.segmentCount() > 10);
                    assertEquals(residency, f.residency());
                    for (int blockRows : new int[] {10, 29, 4096}) {
                        ExactSearch search = new ExactSearch(f, pool, blockRows);
                        for (int k : new int[] {1, 10, 301, 5000}) {
                            float[] q = RandomCaches.unit(rnd, dim);
                            SearchHits hits = search.search(q, k);
                            assertArrayEquals(bruteForce(f, q, k), hits.indices(),
                                    dtype + " " + residency + " k=" + k + " blocks=" + blockRows);
                            for (int i = 0; i < hits.size(); i++) {
                                float[] v = f.vector(hits.index(i));
                                double s = 0;
                                for (int c = 0; c < dim; c++) {
                                    s += (double) v[c] * q[c];
                                }
                                assertEquals(s, hits.score(i), 1e-5, "score of hit " + i);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void tiesGoToTheLowerIndexAsInFaiss() throws Exception {
        int dim = 16;
        Random rnd = new Random(3);
        float[] same = RandomCaches.unit(rnd, dim);
        List<CacheEntry> entries = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            // every 7th entry is the same vector, the rest random: the duplicates tie exactly
            entries.add(new CacheEntry("e" + i, i % 7 == 3 ? same : RandomCaches.unit(rnd, dim), null));
        }
        Path file = RandomCaches.write(tmp.resolve("ties.bvc"), entries, dim, DType.F32);
        try (CacheFile f = CacheFile.open(file)) {
            for (int blockRows : new int[] {1, 4, 50}) {
                SearchHits hits = new ExactSearch(f, pool, blockRows).search(same, 4);
                assertArrayEquals(new long[] {3, 10, 17, 24}, hits.indices(), "blocks of " + blockRows);
            }
        }
    }

    @Test
    void batchedQueriesGiveTheSameHitsAsSingleOnes() throws Exception {
        int dim = 64;
        Path file = RandomCaches.write(tmp.resolve("batch.bvc"), RandomCaches.entries(500, dim, 4, false), dim, DType.F16);
        Random rnd = new Random(5);
        int n = 6;
        float[] queries = queries(rnd, n, dim);
        try (CacheFile f = CacheFile.open(file)) {
            ExactSearch search = new ExactSearch(f, pool, 33);
            SearchHits[] batch = search.search(queries, n, 12);
            for (int q = 0; q < n; q++) {
                float[] one = java.util.Arrays.copyOfRange(queries, q * dim, (q + 1) * dim);
                assertArrayEquals(bruteForce(f, one, 12), batch[q].indices(), "query " + q);
                assertArrayEquals(search.search(one, 12).indices(), batch[q].indices(), "query " + q);
            }
        }
    }

    @Test
    void f16ScoresAreTheBitsOfTheExactKernel() throws Exception {
        // A query scaled by 2^16 is beyond what the finite-row kernel takes, so it is scored by the exact F16
        // kernel; a power-of-two scale is exact in both, so the scores must be the same bits times 2^16.
        int dim = 72;
        Path file = RandomCaches.write(tmp.resolve("bits.bvc"), RandomCaches.entries(257, dim, 8, false), dim, DType.F16);
        Random rnd = new Random(9);
        int n = 5;
        float[] queries = queries(rnd, n, dim);
        float[] scaled = queries.clone();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= 0x1p16f;
        }
        try (CacheFile f = CacheFile.open(file)) {
            for (int blockRows : new int[] {1, 7, 300}) {
                ExactSearch search = new ExactSearch(f, pool, blockRows);
                SearchHits[] fast = search.search(queries, n, 20);
                SearchHits[] exact = search.search(scaled, n, 20);
                for (int q = 0; q < n; q++) {
                    SearchHits one = search.search(java.util.Arrays.copyOfRange(queries, q * dim, (q + 1) * dim), 20);
                    SearchHits exactOne = search.search(java.util.Arrays.copyOfRange(scaled, q * dim, (q + 1) * dim), 20);
                    assertArrayEquals(exactOne.indices(), one.indices(), "single, query " + q);
                    assertArrayEquals(exact[q].indices(), fast[q].indices(), "batch, query " + q);
                    for (int i = 0; i < 20; i++) {
                        assertEquals(Float.floatToIntBits(exactOne.score(i) * 0x1p-16f),
                                Float.floatToIntBits(one.score(i)), "single query " + q + " hit " + i);
                        assertEquals(Float.floatToIntBits(exact[q].score(i) * 0x1p-16f),
                                Float.floatToIntBits(fast[q].score(i)), "batch query " + q + " hit " + i);
                    }
                }
            }
        }
    }

    @Test
    void vectorsInTheHeapScoreTheSameBitsAsTheMapping() throws Exception {
        int dim = 48;
        Random rnd = new Random(12);
        int n = 3;
        float[] queries = queries(rnd, n, dim);
        for (DType dtype : List.of(DType.F32, DType.F16)) {
            Path file = RandomCaches.write(tmp.resolve("heap-" + dtype + ".bvc"), RandomCaches.entries(211, dim, 13, false),
                    dim, dtype);
            long segment = 50L * dim * (dtype == DType.F32 ? 4 : 2);
            try (CacheFile mapped = CacheFile.open(file, false, Residency.MAPPED, segment);
                 CacheFile heap = CacheFile.open(file, false, Residency.HEAP, segment)) {
                for (int blockRows : new int[] {7, 50}) {
                    SearchHits[] a = new ExactSearch(mapped, pool, blockRows).search(queries, n, 15);
                    SearchHits[] b = new ExactSearch(heap, pool, blockRows).search(queries, n, 15);
                    SearchHits one = new ExactSearch(heap, pool, blockRows).search(Arrays.copyOf(queries, dim), 15);
                    SearchHits oneMapped = new ExactSearch(mapped, pool, blockRows).search(Arrays.copyOf(queries, dim), 15);
                    assertArrayEquals(oneMapped.indices(), one.indices(), dtype + " single");
                    for (int i = 0; i < 15; i++) {
                        assertEquals(oneMapped.score(i), one.score(i), 0f, dtype + " single hit " + i);
                    }
                    for (int q = 0; q < n; q++) {
                        assertArrayEquals(a[q].indices(), b[q].indices(), dtype + " query " + q);
                        for (int i = 0; i < 15; i++) {
                            assertEquals(a[q].score(i), b[q].score(i), 0f, dtype + " query " + q + " hit " + i);
                        }
                    }
                }
            }
        }
    }

    @Test
    void emptyCacheFindsNothing() throws Exception {
        Path file = RandomCaches.write(tmp.resolve("empty.bvc"), List.of(), 8, DType.F32);
        try (CacheFile f = CacheFile.open(file, true)) {
            assertEquals(0, f.size());
            assertEquals(0, new ExactSearch(f, pool).search(new float[8], 5).size());
        }
    }

    @Test
    void refusesBadQueries() throws Exception {
        Path file = RandomCaches.write(tmp.resolve("q.bvc"), RandomCaches.entries(5, 8, 6, false), 8, DType.F32);
        try (CacheFile f = CacheFile.open(file)) {
            ExactSearch search = new ExactSearch(f, pool);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> search.search(new float[7], 3));
            assertTrue(e.getMessage().contains("8-d"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> search.search(new float[8], 0));
        }
    }
}
