package dev.bindery.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import dev.bindery.api.bind.BindNetwork;
import dev.bindery.api.cache.Neighbour;
import dev.bindery.api.cache.VisualCache;
import dev.bindery.api.strategy.GenerationStrategy;
import dev.bindery.api.llm.LanguageModel;
import dev.bindery.cache.CacheFiles;
import dev.bindery.packages.ConversionListener;
import dev.bindery.packages.DefaultPackage;
import dev.bindery.packages.ModelPackage;
import dev.bindery.packages.Verification;
import dev.bindery.tensor.DType;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Model-holding services come up from configuration in the running container and compute what upstream computes: a
 * bind network from the golden adapter checkpoint, a visual cache from the golden cache vectors. A configuration that
 * names a broken file registers no service.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class ModelServicesIT extends BinderyTestSupport {
    private static final long WAIT_MS = 60_000;

    @Inject
    ConfigurationAdmin configAdmin;

    @Test
    public void bindNetworkAndCacheComeUpFromConfigurationAndMatchUpstream() throws Exception {
        Path golden = Paths.get(System.getProperty("bindery.golden.dir"), "imagebind_llm_tiny");
        Path work = Files.createTempDirectory("bindery-itest");
        Path cacheFile = work.resolve("golden.cache");
        TensorData vectors = Npy.read(golden.resolve("cache/cache_vectors.npy"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < vectors.shape()[0]; i++) {
            ids.add("v" + i);
        }
        CacheFiles.importNpy(golden.resolve("cache/cache_vectors.npy"), cacheFile, "imagebind_tiny", DType.F32, ids);

        List<Configuration> configurations = new ArrayList<>();
        ServiceTracker<BindNetwork, BindNetwork> bind = new ServiceTracker<>(context, BindNetwork.class, null);
        ServiceTracker<VisualCache, VisualCache> cache = new ServiceTracker<>(context, VisualCache.class, null);
        bind.open();
        cache.open();
        try {
            configurations.add(configure("dev.bindery.bindnet", "checkpoint", golden.resolve("adapter.pth"),
                    "model.id", "golden-adapter"));
            configurations.add(configure("dev.bindery.cache", "file", cacheFile, "name", "golden"));

            BindNetwork network = bind.waitForService(WAIT_MS);
            assertNotNull("no bind network registered from the golden adapter", network);
            float[] output = network.project(Npy.read(golden.resolve("naive/bind_input.npy")).toFloatArray());
            assertClose(Npy.read(golden.resolve("naive/visual_feature.npy")).toFloatArray(), output, 1e-4, 1e-5);

            VisualCache visualCache = cache.waitForService(WAIT_MS);
            assertNotNull("no visual cache registered from the golden vectors", visualCache);
            List<Neighbour> hits = visualCache.search(
                    Npy.read(golden.resolve("cache/query_before_cache.npy")).toFloatArray(), 10);
            long[] indices = hits.stream().mapToLong(Neighbour::index).toArray();
            assertArrayEquals(Npy.read(golden.resolve("cache/topk_indices.npy")).toLongArray(), indices);

            String models = execute("bindery:models");
            assertTrue(models, models.contains("bind-network") && models.contains("golden-adapter"));
            assertTrue(models, models.contains("visual-cache") && models.contains("golden"));
            assertNotNull("the cache-enhanced strategy is registered", context.getServiceReferences(
                    GenerationStrategy.class, "(" + GenerationStrategy.NAME + "=cache-enhanced)"));
        } finally {
            for (Configuration configuration : configurations) {
                configuration.delete();
            }
            bind.close();
            cache.close();
        }
    }

    @Test
    public void aBrokenCheckpointRegistersNoService() throws Exception {
        Path broken = Files.createTempFile("broken", ".pth");
        Files.write(broken, new byte[] {'P', 'K', 3, 4, 0, 0});
        ServiceTracker<BindNetwork, BindNetwork> bind = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=" + BindNetwork.class.getName() + ")(bindery.model.id=broken))"),
                null);
        bind.open();
        Configuration configuration = configure("dev.bindery.bindnet", "checkpoint", broken, "model.id", "broken");
        try {
            // The component reads the file on activation; give it the time a good file takes, then look.
            String models = "";
            for (int i = 0; i < 20 && bind.getService() == null; i++) {
                models = execute("bindery:models");
                bind.waitForService(250);
            }
            assertNull("a broken checkpoint must not register a bind network", bind.getService());
            assertTrue(models, !models.contains("broken"));
            assertTrue("the container still answers", execute("bindery:strategies").contains("naive"));
        } finally {
            configuration.delete();
            bind.close();
        }
    }

    @Test
    public void aVerifiedPackageConfiguresItsServicesAndAnAlteredOneIsRefused() throws Exception {
        Path work = Files.createTempDirectory("bindery-package-itest");
        Path good = DefaultPackage.build(Paths.get(System.getProperty("bindery.golden.dir")), work.resolve("good"),
                ConversionListener.NONE).dir();
        String name = ModelPackage.open(good, Verification.CHECKSUMS).manifest().name();
        // the same package with one byte of the bind network flipped: same size, other SHA-256
        Path altered = work.resolve("altered");
        try (Stream<Path> files = Files.walk(good)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path to = altered.resolve(good.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        Path weights = ModelPackage.open(altered, Verification.CHECKSUMS).bindNetwork();
        byte[] bytes = Files.readAllBytes(weights);
        bytes[bytes.length - 3] ^= 1;
        Files.write(weights, bytes);

        ServiceTracker<LanguageModel, LanguageModel> llm = new ServiceTracker<>(context, context.createFilter(
                "(&(objectClass=" + LanguageModel.class.getName() + ")(bindery.model.id=" + name + "))"), null);
        llm.open();
        Configuration selection = configAdmin.getConfiguration("dev.bindery.package", "?");
        try {
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put("path", good.toString());
            selection.update(properties);
            assertNotNull("the verified package's language model is registered", llm.waitForService(WAIT_MS));
            String encoders = execute("bindery:encoders");
            assertTrue(encoders, encoders.contains("depth") && encoders.contains("image"));

            properties.put("path", altered.toString());
            selection.update(properties);
            for (int i = 0; i < 240 && llm.getService() != null; i++) {
                Thread.sleep(250);
            }
            assertNull("an altered package must unload the services configured from a package", llm.getService());
            assertNull("no configuration written for a package is left",
                    configAdmin.listConfigurations("(bindery.package=*)"));
        } finally {
            selection.delete();
            llm.close();
        }
    }

    private Configuration configure(String factoryPid, Object... keyValues) throws Exception {
        return Pipelines.configure(configAdmin, factoryPid, keyValues);
    }

    private static void assertClose(float[] expected, float[] actual, double atol, double rtol) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertTrue("element " + i + ": " + actual[i] + " vs " + expected[i],
                    Math.abs(actual[i] - expected[i]) <= atol + rtol * Math.abs(expected[i]));
        }
    }
}
