package dev.bindery.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.InvalidInputException;
import dev.bindery.tensor.DType;
import dev.bindery.tensor.kernel.Parallel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Options parsing, the blend's edge cases and the VisualCache contract's input checks. */
class CacheBlendTest {
    @TempDir
    Path tmp;

    @Test
    void optionsDefaultToUpstreamsAndParseOverrides() throws Exception {
        CacheOptions d = CacheOptions.from(Map.of());
        assertEquals(10, d.cacheSize());
        assertEquals(20f, d.cacheT());
        assertEquals(0.5f, d.cacheWeight());
        CacheOptions o = CacheOptions.from(Map.of("cache_size", " 3", "cache_t", "7.5", "cache_weight", "1", "cache", "x"));
        assertEquals(3, o.cacheSize());
        assertEquals(7.5f, o.cacheT());
        assertEquals(1f, o.cacheWeight());
    }

    @Test
    void badOptionsNameTheKey() {
        for (Map<String, String> bad : List.of(Map.of("cache_size", "0"), Map.of("cache_size", "ten"),
                Map.of("cache_size", "1001"), Map.of("cache_t", "-1"), Map.of("cache_t", "NaN"),
                Map.of("cache_weight", "1.5"), Map.of("cache_weight", "half"))) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> CacheOptions.from(bad));
            String key = bad.keySet().iterator().next();
            assertTrue(e.getMessage().contains(key), e.getMessage());
        }
    }

    @Test
    void weightZeroKeepsTheQueryDirectionAndWeightOneTakesTheRetrievedVector() {
        float[] q = {0.3f, 0.4f, 0f};
        float[] r = {0f, 0f, 1f};
        float[] keep = CacheBlend.blend(q, r, 0f);
        assertEquals(0.6f, keep[0], 1e-7);
        assertEquals(0.8f, keep[1], 1e-7);
        float[] take = CacheBlend.blend(q, r, 1f);
        assertEquals(1f, take[2], 0);
        assertThrows(IllegalArgumentException.class, () -> CacheBlend.blend(new float[] {1, 0}, new float[] {-1, 0}, 0.5f));
    }

    @Test
    void temperatureZeroWeighsNeighboursEqually() {
        float[] w = CacheBlend.softmaxWeights(new float[] {0.9f, 0.1f, -0.3f}, 0f);
        for (float x : w) {
            assertEquals(1f / 3, x, 1e-7);
        }
        float[] sharp = CacheBlend.softmaxWeights(new float[] {0.9f, 0.1f}, 1000f);
        assertEquals(1f, sharp[0], 0);
    }

    @Test
    void cacheServiceChecksQueries() throws Exception {
        Path file = RandomCaches.write(tmp.resolve("svc.bvc"), RandomCaches.entries(12, 8, 9, true), 8, DType.F32);
        try (CacheFile f = CacheFile.open(file)) {
            MappedVisualCache cache = new MappedVisualCache("svc", f, Parallel.common());
            assertEquals("svc", cache.info().name());
            assertEquals(12, cache.info().size());
            assertTrue(cache.info().exact());
            assertTrue(assertThrows(InvalidInputException.class, () -> cache.search(new float[7], 3))
                    .getMessage().contains("8-d"));
            float[] nan = new float[8];
            nan[2] = Float.NaN;
            assertTrue(assertThrows(InvalidInputException.class, () -> cache.search(nan, 3))
                    .getMessage().contains("NaN at index 2"));
            assertThrows(InvalidInputException.class, () -> cache.search(new float[8], 0));
            // more neighbours than entries: all of them, with their ids and sources
            var all = cache.search(f.vector(4), 50);
            assertEquals(12, all.size());
            assertEquals(4, all.get(0).index());
            assertEquals("e4", all.get(0).id());
            assertEquals(f.source(4), all.get(0).source());
        }
    }
}
