package dev.bindery.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.cache.VisualCache;
import dev.bindery.cache.CacheEntry;
import dev.bindery.cache.CacheFiles;
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

            public int threads() {
                return threads;
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
}
