package dev.bindery.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.tensor.DType;
import dev.bindery.tensor.io.FormatException;
import dev.bindery.tensor.kernel.Parallel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HNSW index against the exact scan: recall, exact scores, the file's binding to its cache, and bad files. */
class HnswIndexTest {
    private static final int DIM = 24;

    @TempDir
    Path tmp;

    private Path cache(String name, int count, DType dtype) throws IOException {
        return RandomCaches.write(tmp.resolve(name), RandomCaches.entries(count, DIM, 11, false), DIM, dtype);
    }

    @Test
    void graphSearchFindsAlmostAllExactNeighboursWithExactScores() throws Exception {
        for (DType dtype : List.of(DType.F32, DType.F16)) {
            Path file = cache("recall-" + dtype + ".bvc", 4000, dtype);
            try (CacheFile cache = CacheFile.open(file)) {
                AtomicLong lastReport = new AtomicLong();
                HnswIndexBuilder.Result built = HnswIndexBuilder.build(cache, HnswIndex.pathFor(file), 16, 100, 2,
                        (done, total) -> lastReport.set(done));
                assertEquals(4000, built.entries());
                assertEquals(4000, lastReport.get(), "the last progress report is the whole cache");
                assertEquals(Files.size(built.target()), built.fileBytes());
                HnswIndex index = HnswIndex.open(cache, built.target(), true);
                assertTrue(index.levels() >= 2, "4000 nodes with M 16 span several levels");
                ExactSearch exact = new ExactSearch(cache, Parallel.common());
                Random rnd = new Random(5);
                int found = 0;
                int queries = 200;
                for (int q = 0; q < queries; q++) {
                    float[] query = RandomCaches.unit(rnd, DIM);
                    SearchHits truth = exact.search(query, 10);
                    SearchHits approx = index.search(query, 10, 100);
                    assertEquals(10, approx.size());
                    Set<Long> want = new HashSet<>();
                    for (long i : truth.indices()) {
                        want.add(i);
                    }
                    float[] row = new float[DIM];
                    for (int i = 0; i < approx.size(); i++) {
                        found += want.contains(approx.index(i)) ? 1 : 0;
                        cache.vector(approx.index(i), row, 0);
                        assertEquals(dot(query, row), approx.score(i), 1e-5f, "the score is the exact inner product");
                        if (i > 0) {
                            assertTrue(approx.score(i - 1) >= approx.score(i), "best first");
                        }
                    }
                }
                double recall = found / (10.0 * queries);
                assertTrue(recall >= 0.95, dtype + " recall@10 " + recall);
            }
        }
    }

    @Test
    void everyEntryFindsItselfFirst() throws Exception {
        Path file = cache("self.bvc", 1500, DType.F32);
        try (CacheFile cache = CacheFile.open(file)) {
            HnswIndexBuilder.build(cache, HnswIndex.pathFor(file), 8, 40, 1, HnswIndexBuilder.Progress.NONE);
            HnswIndex index = HnswIndex.open(cache, HnswIndex.pathFor(file), true);
            int first = 0;
            for (long i = 0; i < cache.size(); i++) {
                first += index.search(cache.vector(i), 1, 40).index(0) == i ? 1 : 0;
            }
            assertTrue(first >= 0.99 * cache.size(), first + " of " + cache.size() + " entries find themselves");
        }
    }

    @Test
    void smallCachesReturnEveryEntryAndTheBuildLeavesNoTemporaryFiles() throws Exception {
        Path file = cache("tiny.bvc", 3, DType.F32);
        try (CacheFile cache = CacheFile.open(file)) {
            HnswIndexBuilder.build(cache, HnswIndex.pathFor(file), 4, 8, 2, HnswIndexBuilder.Progress.NONE);
            HnswIndex index = HnswIndex.open(cache, HnswIndex.pathFor(file), true);
            SearchHits hits = index.search(cache.vector(1), 10, 1);
            assertEquals(3, hits.size());
            assertEquals(1, hits.index(0));
            assertArrayEquals(new ExactSearch(cache, Parallel.common()).search(cache.vector(1), 10).indices(),
                    hits.indices());
        }
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of("tiny.bvc", "tiny.bvc.hnsw"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aGraphBuiltForAnotherCacheIsRefused() throws Exception {
        Path file = cache("grows.bvc", 200, DType.F32);
        Path graph = HnswIndex.pathFor(file);
        try (CacheFile cache = CacheFile.open(file)) {
            HnswIndexBuilder.build(cache, graph, 8, 16, 1, HnswIndexBuilder.Progress.NONE);
        }
        CacheFiles.append(file, RandomCaches.entries(1, DIM, 99, false));
        try (CacheFile grown = CacheFile.open(file)) {
            FormatException e = assertThrows(FormatException.class, () -> HnswIndex.open(grown, graph, true));
            assertTrue(e.getMessage().contains(graph.toString()) && e.getMessage().contains("rebuild"), e.getMessage());
        }
        // same size, different vectors
        Path other = RandomCaches.write(tmp.resolve("other.bvc"), RandomCaches.entries(200, DIM, 12, false), DIM,
                DType.F32);
        try (CacheFile different = CacheFile.open(other)) {
            assertThrows(FormatException.class, () -> HnswIndex.open(different, graph, false));
        }
    }

    @Test
    void damagedGraphFilesAreRefusedWithTheProblem() throws Exception {
        Path file = cache("damaged.bvc", 300, DType.F32);
        Path graph = HnswIndex.pathFor(file);
        try (CacheFile cache = CacheFile.open(file)) {
            HnswIndexBuilder.build(cache, graph, 8, 16, 1, HnswIndexBuilder.Progress.NONE);
            byte[] good = Files.readAllBytes(graph);
            List<Object[]> cases = new ArrayList<>();
            byte[] flipped = good.clone();
            flipped[good.length - 7] ^= 0x10;
            cases.add(new Object[] {flipped, "checksum mismatch"});
            cases.add(new Object[] {java.util.Arrays.copyOf(good, good.length - 4), "truncated"});
            cases.add(new Object[] {java.util.Arrays.copyOf(good, 20), "too short"});
            byte[] magic = good.clone();
            magic[0] = 'X';
            cases.add(new Object[] {magic, "bad magic"});
            byte[] version = good.clone();
            version[8] = 9;
            cases.add(new Object[] {version, "version 9"});
            for (Object[] c : cases) {
                Path bad = tmp.resolve("bad.hnsw");
                Files.write(bad, (byte[]) c[0]);
                FormatException e = assertThrows(FormatException.class, () -> HnswIndex.open(cache, bad, true));
                assertTrue(e.getMessage().contains((String) c[1]) && e.getMessage().contains(bad.toString()),
                        e.getMessage());
            }
            assertThrows(IllegalArgumentException.class, () -> HnswIndexBuilder.build(cache, graph, 1, 16, 1,
                    HnswIndexBuilder.Progress.NONE));
            assertThrows(IllegalArgumentException.class, () -> HnswIndex.open(cache, graph, true)
                    .search(new float[DIM + 1], 1, 10));
            assertFalse(Files.exists(tmp.resolve("bad.hnsw.partial")));
        }
    }

    private static float dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return (float) s;
    }
}
