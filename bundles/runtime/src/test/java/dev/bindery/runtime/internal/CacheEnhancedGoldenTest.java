package dev.bindery.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.InvalidInputException;
import dev.bindery.api.bind.BindNetwork;
import dev.bindery.api.cache.Neighbour;
import dev.bindery.api.cache.VisualCache;
import dev.bindery.api.strategy.StrategyContext;
import dev.bindery.api.strategy.VisualFeature;
import dev.bindery.api.strategy.WeightedEmbedding;
import dev.bindery.cache.CacheEntry;
import dev.bindery.cache.CacheFile;
import dev.bindery.cache.CacheFiles;
import dev.bindery.cache.MappedVisualCache;
import dev.bindery.tensor.DType;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.Json;
import dev.bindery.tensor.kernel.Parallel;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache-enhanced strategy on every golden cache case: the case's modality embeddings (from the case with the same
 * inputs that recorded them) are mixed, searched in a cache file built from the case's cache vectors, and blended,
 * reproducing upstream's retrieval and blended query.
 */
class CacheEnhancedGoldenTest {
    private static final String GROUP = "imagebind_llm_tiny";

    @TempDir
    Path tmp;

    @Test
    void reproducesEveryGoldenCacheCase() throws Exception {
        Manifest manifest = Golden.manifest(GROUP);
        List<Path> dirs;
        try (Stream<Path> list = Files.list(Golden.path(GROUP))) {
            dirs = list.filter(Files::isDirectory).sorted().collect(Collectors.toList());
        }
        List<Path> cacheCases = dirs.stream().filter(d -> Files.isRegularFile(d.resolve("cache_vectors.npy")))
                .collect(Collectors.toList());
        assertFalse(cacheCases.isEmpty(), "no golden case with cache_vectors.npy");
        for (Path dir : cacheCases) {
            String name = dir.getFileName().toString();
            Map<String, Object> result = result(dir);
            Path embeddingsCase = dirs.stream()
                    .filter(d -> Files.isRegularFile(d.resolve("query_mixed.npy")))
                    .filter(d -> result(d).get("inputs").equals(result.get("inputs")))
                    .findFirst().orElseThrow(() -> new AssertionError("no case records the embeddings of " + name));
            List<WeightedEmbedding> embeddings = EmbeddingMixGoldenTest.weightedEmbeddings(embeddingsCase);
            Golden.assertClose(Golden.npy(GROUP + "/" + name + "/query_before_cache.npy"), EmbeddingMix.mix(embeddings),
                    manifest.tolerance(name + "/query_before_cache.npy"), name + " mix before the cache");

            @SuppressWarnings("unchecked")
            Map<String, Object> cache = (Map<String, Object>) result.get("cache");
            Map<String, String> options = new HashMap<>();
            for (String key : List.of("cache_size", "cache_t", "cache_weight")) {
                options.put(key, String.valueOf(cache.get(key)));
            }
            try (Parallel parallel = new Parallel(2, "test-cache")) {
                VisualCache visualCache = cacheOf(dir.resolve("cache_vectors.npy"), parallel);
                List<String> stages = new ArrayList<>();
                VisualFeature feature = new CacheEnhancedStrategy().compose(embeddings,
                        context(visualCache, options, stages));

                Golden.assertClose(Golden.npy(GROUP + "/" + name + "/blended_query.npy"), feature.query(),
                        manifest.tolerance(name + "/blended_query.npy"), name + " blended query");
                Golden.assertClose(Golden.npy(GROUP + "/" + name + "/bind_input.npy"), feature.feature(),
                        manifest.tolerance(name + "/bind_input.npy"), name + " bind input");
                long[] indices = feature.neighbours().stream().mapToLong(Neighbour::index).toArray();
                Golden.assertEqual(Golden.npy(GROUP + "/" + name + "/topk_indices.npy"), indices, name + " top-k");
                assertEquals(List.of("cache", "bind"), stages);
            }
        }
    }

    @Test
    void refusesOptionsItDoesNotKnow() throws Exception {
        StrategyContext context = context(null, Map.of("cache_temperature", "3"), new ArrayList<>());
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new CacheEnhancedStrategy().compose(List.of(), context));
        assertTrue(e.getMessage().contains("cache_temperature"), e.getMessage());
    }

    private VisualCache cacheOf(Path npy, Parallel parallel) throws Exception {
        TensorData vectors = Golden.npy(GROUP + "/" + npy.getParent().getFileName() + "/" + npy.getFileName());
        int count = (int) vectors.shape()[0];
        int dimension = (int) vectors.shape()[1];
        float[] values = vectors.toFloatArray();
        List<CacheEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] row = new float[dimension];
            System.arraycopy(values, i * dimension, row, 0, dimension);
            entries.add(new CacheEntry("v" + i, row, null));
        }
        Path file = tmp.resolve(npy.getParent().getFileName() + ".cache");
        CacheFiles.create(file, "imagebind_tiny", dimension, DType.F32, entries);
        return new MappedVisualCache("golden", CacheFile.open(file), parallel);
    }

    /** A context whose bind network is the identity, so the feature is the bind network's input. */
    private static StrategyContext context(VisualCache cache, Map<String, String> options, List<String> stages) {
        return new StrategyContext() {
            @Override
            public BindNetwork bindNetwork() {
                return new BindNetwork() {
                    @Override
                    public String modelId() {
                        return "identity";
                    }

                    @Override
                    public int inputDimension() {
                        return 0;
                    }

                    @Override
                    public int outputDimension() {
                        return 0;
                    }

                    @Override
                    public float[] project(float[] query) {
                        return query.clone();
                    }
                };
            }

            @Override
            public VisualCache cache() {
                return cache;
            }

            @Override
            public Map<String, String> options() {
                return options;
            }

            @Override
            public void recordStage(String stage, Duration time) {
                stages.add(stage);
            }
        };
    }

    private static Map<String, Object> result(Path dir) {
        try {
            return Json.parseObject(Files.readString(dir.resolve("result.json")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
