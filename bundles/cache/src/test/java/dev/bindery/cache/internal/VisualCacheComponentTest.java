package dev.bindery.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.cache.VisualCache;
import dev.bindery.cache.CacheEntry;
import dev.bindery.cache.CacheFile;
import dev.bindery.cache.CacheFiles;
import dev.bindery.cache.HnswIndex;
import dev.bindery.cache.HnswIndexBuilder;
import dev.bindery.tensor.DType;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** The component registers a cache for a good file only, with name, model id and dimension as properties. */
class VisualCacheComponentTest {
    @TempDir
    Path tmp;

    private final List<Object> services = new ArrayList<>();
    private final List<Dictionary<String, ?>> properties = new ArrayList<>();
    private int unregistered;

    @SuppressWarnings("unchecked")
    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("registerService")) {
                        services.add(args[1]);
                        properties.add((Dictionary<String, ?>) args[2]);
                        return Proxy.newProxyInstance(getClass().getClassLoader(),
                                new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> {
                                    if (m.getName().equals("unregister")) {
                                        unregistered++;
                                    }
                                    return null;
                                });
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static VisualCacheConfig config(String file, String name, int threads) {
        return config(file, name, threads, "auto");
    }

    private static VisualCacheConfig config(String file, String name, int threads, String search) {
        return config(file, name, threads, search, "mapped");
    }

    private static VisualCacheConfig config(String file, String name, int threads, String search, String residency) {
        return new VisualCacheConfig() {
            public String file() {
                return file;
            }

            public String name() {
                return name;
            }

            public boolean verify_checksum() {
                return true;
            }

            public String residency() {
                return residency;
            }

            public int threads() {
                return threads;
            }

            public String search() {
                return search;
            }

            public String index_file() {
                return "";
            }

            public int hnsw_ef() {
                return 50;
            }

            public Class<? extends Annotation> annotationType() {
                return VisualCacheConfig.class;
            }
        };
    }

    private Path goodFile() throws Exception {
        Path file = tmp.resolve("photos.bvc");
        CacheFiles.create(file, "imagebind_huge", 4, DType.F16, List.of(
                new CacheEntry("a", new float[] {1, 0, 0, 0}, "a.jpg"), new CacheEntry("b", new float[] {0, 1, 0, 0}, null)));
        return file;
    }

    @Test
    void goodFileIsRegisteredWithItsProperties() throws Exception {
        VisualCacheComponent c = new VisualCacheComponent(context(), config(goodFile().toString(), "", 2));
        assertTrue(c.registered());
        assertEquals("photos", properties.get(0).get(VisualCache.NAME));
        assertEquals("imagebind_huge", properties.get(0).get(VisualCache.MODEL_ID));
        assertEquals(4, properties.get(0).get(VisualCache.DIMENSION));
        VisualCache cache = (VisualCache) services.get(0);
        assertEquals("b", cache.search(new float[] {0.1f, 0.9f, 0, 0}, 1).get(0).id());
        c.deactivate();
        assertEquals(1, unregistered);
    }

    @Test
    void configuredNameIsUsed() throws Exception {
        new VisualCacheComponent(context(), config(goodFile().toString(), "laion", 0));
        assertEquals("laion", properties.get(0).get(VisualCache.NAME));
    }

    @Test
    void residencyHeapServesTheSameNeighboursAndAnUnknownResidencyRegistersNothing() throws Exception {
        String file = goodFile().toString();
        VisualCacheComponent heap = new VisualCacheComponent(context(), config(file, "", 0, "exact", "heap"));
        assertTrue(heap.registered());
        VisualCache cache = (VisualCache) services.get(0);
        assertEquals("b", cache.search(new float[] {0.1f, 0.9f, 0, 0}, 1).get(0).id());
        assertEquals("a", cache.search(new float[] {0.9f, 0.1f, 0, 0}, 1).get(0).id());
        heap.deactivate();
        VisualCacheComponent bad = new VisualCacheComponent(context(), config(file, "", 0, "exact", "disk"));
        assertFalse(bad.registered());
        assertEquals(1, services.size());
    }

    @Test
    void badFilesRegisterNothing() throws Exception {
        Path good = goodFile();
        byte[] bytes = Files.readAllBytes(good);
        bytes[4096 + 3] ^= 1;
        Path corrupt = tmp.resolve("corrupt.bvc");
        Files.write(corrupt, bytes);
        Path text = tmp.resolve("text.bvc");
        Files.writeString(text, "hello");
        for (String file : List.of(corrupt.toString(), text.toString(), tmp.resolve("missing.bvc").toString(), "")) {
            VisualCacheComponent c = new VisualCacheComponent(context(), config(file, "", 0));
            assertFalse(c.registered(), file);
            c.deactivate();
        }
        assertTrue(services.isEmpty());
        assertEquals(0, unregistered);
    }

    @Test
    void searchModeDecidesWhetherTheIndexIsUsedAndAMissingOrOutdatedIndexIsHandledPerMode() throws Exception {
        Path file = tmp.resolve("many.bvc");
        CacheFiles.create(file, "imagebind_huge", 8, DType.F32, entries(300, 8, 1));
        try (CacheFile cache = CacheFile.open(file)) {
            // no index yet: auto scans, hnsw refuses
            assertEquals("exact", searchOf(new VisualCacheComponent(context(), config(file.toString(), "", 0, "auto"))));
            assertFalse(new VisualCacheComponent(context(), config(file.toString(), "", 0, "hnsw")).registered());
            HnswIndexBuilder.build(cache, HnswIndex.pathFor(file), 8, 32, 1, HnswIndexBuilder.Progress.NONE);
        }
        for (String mode : List.of("auto", "hnsw")) {
            VisualCacheComponent c = new VisualCacheComponent(context(), config(file.toString(), "", 0, mode));
            assertEquals("hnsw", searchOf(c), mode);
            VisualCache cache = (VisualCache) services.get(services.size() - 1);
            assertFalse(cache.info().exact(), mode);
            assertEquals("e7", cache.search(entries(300, 8, 1).get(7).vector(), 1).get(0).id(), mode);
            c.deactivate();
        }
        assertEquals("exact", searchOf(new VisualCacheComponent(context(), config(file.toString(), "", 0, "exact"))));
        // the cache grows: the index no longer matches it
        CacheFiles.append(file, entries(5, 8, 2));
        assertEquals("exact", searchOf(new VisualCacheComponent(context(), config(file.toString(), "", 0, "auto"))));
        assertFalse(new VisualCacheComponent(context(), config(file.toString(), "", 0, "hnsw")).registered());
        assertFalse(new VisualCacheComponent(context(), config(file.toString(), "", 0, "fastest")).registered());
    }

    private String searchOf(VisualCacheComponent c) {
        assertTrue(c.registered());
        return (String) properties.get(properties.size() - 1).get(VisualCacheComponent.SEARCH_PROPERTY);
    }

    private static List<CacheEntry> entries(int count, int dim, long seed) {
        java.util.Random rnd = new java.util.Random(seed);
        List<CacheEntry> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] v = new float[dim];
            for (int j = 0; j < dim; j++) {
                v[j] = (float) rnd.nextGaussian();
            }
            float n = (float) Math.sqrt(dev.bindery.tensor.kernel.VectorMath.dot(v, 0, v, 0, dim));
            for (int j = 0; j < dim; j++) {
                v[j] /= n;
            }
            out.add(new CacheEntry("e" + i, v, null));
        }
        return out;
    }
}
