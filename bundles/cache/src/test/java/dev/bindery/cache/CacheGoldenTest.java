package dev.bindery.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bindery.api.cache.Neighbour;
import dev.bindery.tensor.DType;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.Json;
import dev.bindery.tensor.kernel.Parallel;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import dev.bindery.tensor.testing.Tolerance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache path against upstream's {@code cache/} fixture: the fixture's vectors imported from .npy into a cache
 * file, searched, and blended with the options upstream ran with (read from {@code cache/result.json}).
 */
class CacheGoldenTest {
    private static final String GROUP = "imagebind_llm_tiny";

    @TempDir
    static Path tmp;

    private static Manifest manifest;
    private static CacheOptions options;
    private static float[] query;

    @BeforeAll
    static void setUp() throws Exception {
        manifest = Golden.manifest(GROUP);
        @SuppressWarnings("unchecked")
        Map<String, Object> cache = (Map<String, Object>) Json.parseObject(
                Files.readString(manifest.path("cache/result.json"), StandardCharsets.UTF_8)).get("cache");
        options = new CacheOptions(((Number) cache.get("cache_size")).intValue(),
                ((Number) cache.get("cache_t")).floatValue(), ((Number) cache.get("cache_weight")).floatValue());
        query = Golden.npy(GROUP + "/cache/query_before_cache.npy").toFloatArray();
    }

    private static CacheFile imported(DType dtype) throws Exception {
        Path file = tmp.resolve("golden-" + dtype + ".bvc");
        if (!Files.exists(file)) {
            CacheFiles.importNpy(manifest.path("cache/cache_vectors.npy"), file, "imagebind_tiny", dtype, null);
        }
        return CacheFile.open(file, true);
    }

    @Test
    void importedFileHoldsTheVectorsExactly() throws Exception {
        TensorData vectors = Golden.npy(GROUP + "/cache/cache_vectors.npy");
        try (CacheFile f = imported(DType.F32)) {
            assertEquals(vectors.dim(0), f.size());
            assertEquals(vectors.dim(1), f.dimension());
            float[] all = vectors.toFloatArray();
            float[] got = new float[all.length];
            for (long i = 0; i < f.size(); i++) {
                f.vector(i, got, (int) (i * f.dimension()));
                assertEquals(Long.toString(i), f.id(i));
            }
            Golden.assertClose(vectors, got, manifest.tolerance("cache/cache_vectors.npy"), "cache vectors");
        }
    }

    @Test
    void searchFindsUpstreamsNeighboursAndTheBlendMatches() throws Exception {
        try (CacheFile f = imported(DType.F32)) {
            MappedVisualCache cache = new MappedVisualCache("golden", f, Parallel.common());
            CacheBlend.Result r = CacheBlend.enhance(cache, query, options);
            assertBlend(r, manifestTolerances(), "F32 cache");
        }
    }

    @Test
    void smallBlocksOnSeveralThreadsFindTheSameNeighbours() throws Exception {
        TensorData expected = Golden.npy(GROUP + "/cache/topk_indices.npy");
        try (CacheFile f = imported(DType.F32); Parallel three = new Parallel(3, "test-cache")) {
            for (int blockRows : new int[] {1, 7, 64, 333, 2000}) {
                SearchHits hits = new ExactSearch(f, three, blockRows).search(query, (int) expected.dim(0));
                Golden.assertEqual(expected, hits.indices(), "topk_indices with blocks of " + blockRows);
                Golden.assertClose(Golden.npy(GROUP + "/cache/topk_sims.npy"), hits.scores(),
                        manifest.tolerance("cache/topk_sims.npy"), "topk_sims with blocks of " + blockRows);
            }
        }
    }

    @Test
    void hnswIndexFindsUpstreamsNeighboursWithTheDefaultParameters() throws Exception {
        try (CacheFile f = imported(DType.F32)) {
            Path graph = HnswIndex.pathFor(f.path());
            HnswIndexBuilder.build(f, graph, HnswIndex.DEFAULT_M, HnswIndex.DEFAULT_BEAM_WIDTH, 2,
                    HnswIndexBuilder.Progress.NONE);
            MappedVisualCache cache = new MappedVisualCache("golden-hnsw", HnswIndex.open(f, graph, true),
                    HnswIndex.DEFAULT_EF);
            assertEquals(false, cache.info().exact());
            CacheBlend.Result r = CacheBlend.enhance(cache, query, options);
            assertBlend(r, manifestTolerances(), "F32 cache through its HNSW index");
        }
    }

    @Test
    void halfPrecisionCacheKeepsTheNeighboursWithinItsStatedError() throws Exception {
        // F16 rounds each stored value by up to 2^-11 relative: the inner products of unit vectors move by < 1e-3,
        // below the fixture's smallest gap (1.6e-3) between the 10th and 11th similarity, so the neighbours agree.
        Tolerance f16 = new Tolerance(2e-3, 0);
        try (CacheFile f = imported(DType.F16)) {
            assertEquals(DType.F16, f.dtype());
            MappedVisualCache cache = new MappedVisualCache("golden-f16", f, Parallel.common());
            CacheBlend.Result r = CacheBlend.enhance(cache, query, options);
            assertBlend(r, Map.of("cache/topk_sims.npy", f16, "cache/softmax_weights.npy", new Tolerance(2e-2, 0),
                    "cache/retrieved_normalized.npy", f16, "cache/blended_query.npy", f16, "cache/bind_input.npy", f16),
                    "F16 cache");
        }
    }

    private static Map<String, Tolerance> manifestTolerances() {
        Map<String, Tolerance> t = new java.util.HashMap<>();
        for (String f : List.of("cache/topk_sims.npy", "cache/softmax_weights.npy", "cache/retrieved_normalized.npy",
                "cache/blended_query.npy", "cache/bind_input.npy")) {
            t.put(f, manifest.tolerance(f));
        }
        return t;
    }

    private static void assertBlend(CacheBlend.Result r, Map<String, Tolerance> tol, String what) {
        List<Neighbour> n = r.neighbours();
        long[] indices = new long[n.size()];
        float[] sims = new float[n.size()];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = n.get(i).index();
            sims[i] = n.get(i).score();
        }
        Golden.assertEqual(Golden.npy(GROUP + "/cache/topk_indices.npy"), indices, what + ": topk_indices");
        check("cache/topk_sims.npy", sims, tol, what);
        check("cache/softmax_weights.npy", r.weights(), tol, what);
        check("cache/retrieved_normalized.npy", r.retrieved(), tol, what);
        check("cache/blended_query.npy", r.query(), tol, what);
        check("cache/bind_input.npy", r.query(), tol, what);
    }

    private static void check(String file, float[] actual, Map<String, Tolerance> tol, String what) {
        TensorData expected = Golden.npy(GROUP + "/" + file);
        Golden.assertClose(expected, actual, tol.get(file), what + ": " + file);
        float[] e = expected.toFloatArray();
        double max = 0;
        for (int i = 0; i < e.length; i++) {
            max = Math.max(max, Math.abs((double) e[i] - actual[i]));
        }
        System.out.println("[parity] " + what + " " + file + ": max |diff| " + max);
    }
}
