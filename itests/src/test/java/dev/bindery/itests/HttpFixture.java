package dev.bindery.itests;


import dev.bindery.api.bind.BindNetwork;
import dev.bindery.api.cache.VisualCache;
import dev.bindery.api.encoder.ModalityEncoder;
import dev.bindery.api.llm.LanguageModel;
import dev.bindery.cache.CacheFiles;
import dev.bindery.tensor.DType;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * What the HTTP tests need in the container: the HTTP port moved to a free one (other containers on this machine may
 * hold 8181), and the golden tiny models configured through Config Admin as an operator would (image and audio
 * encoders, bind network, cache, LLaMA), removed again by {@link #close()}.
 */
final class HttpFixture implements AutoCloseable {
    private static final long WAIT_MS = 180_000;

    final Path golden;
    final int port;
    final HttpApiClient client;
    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;
    private final List<Configuration> configurations = new ArrayList<>();

    HttpFixture(BundleContext context, ConfigurationAdmin configAdmin, Path golden) throws Exception {
        this.context = context;
        this.configAdmin = configAdmin;
        this.golden = golden;
        this.port = freePort();
        Configuration web = configAdmin.getConfiguration("org.ops4j.pax.web", null);
        Dictionary<String, Object> properties = web.getProperties() == null ? new Hashtable<>() : web.getProperties();
        properties.put("org.osgi.service.http.port", String.valueOf(port));
        web.update(properties);
        this.client = new HttpApiClient(port);
        awaitHttp();
    }

    /** Waits until the API answers /health on the new port (any status: models may still load). */
    private void awaitHttp() throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        IOException last = null;
        while (System.currentTimeMillis() < deadline) {
            try {
                int status = client.get("/health").status;
                if (status == 200 || status == 503) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            // Polls: Pax Web restarts Jetty on the new port in the background and announces nothing to wait on.
            synchronized (this) {
                wait(200);
            }
        }
        throw new AssertionError("the HTTP API never answered on port " + port, last);
    }

    /** Configures the golden tiny models and waits for their services. */
    void configureGoldenModels() throws Exception {
        Path ib = golden.resolve("imagebind_tiny");
        Path llm = golden.resolve("imagebind_llm_tiny");
        Path work = Files.createTempDirectory("bindery-http-it");
        Path cacheFile = work.resolve("golden.cache");
        List<String> ids = new ArrayList<>();
        int rows = (int) dev.bindery.tensor.io.Npy.read(llm.resolve("cache/cache_vectors.npy")).shape()[0];
        for (int i = 0; i < rows; i++) {
            ids.add("v" + i);
        }
        CacheFiles.importNpy(llm.resolve("cache/cache_vectors.npy"), cacheFile, "imagebind_tiny", DType.F32, ids);
        for (String modality : List.of("image", "audio")) {
            configure("dev.bindery.encoder." + modality, "checkpoint", ib.resolve("imagebind_tiny.pth"),
                    "model.config", ib.resolve("config.json"), "model.id", "imagebind_tiny", "onnx.dir",
                    work.resolve("onnx"));
        }
        configure("dev.bindery.bindnet", "checkpoint", llm.resolve("adapter.pth"), "model.id", "tiny-adapter");
        configure("dev.bindery.cache", "file", cacheFile, "name", "golden");
        configure("dev.bindery.llama", "llama.dir", llm.resolve("llama/tiny"), "tokenizer",
                llm.resolve("llama/tokenizer.model"), "adapter", llm.resolve("adapter.pth"), "bindery.model.id",
                "tiny-llm");
        awaitService(ModalityEncoder.class, "(" + ModalityEncoder.MODALITY + "=image)");
        awaitService(ModalityEncoder.class, "(" + ModalityEncoder.MODALITY + "=audio)");
        awaitService(BindNetwork.class, null);
        awaitService(VisualCache.class, null);
        awaitService(LanguageModel.class, null);
    }

    <S> S awaitService(Class<S> type, String filter) throws Exception {
        return Pipelines.awaitService(context, type, filter, WAIT_MS);
    }

    private void configure(String factoryPid, Object... keyValues) throws Exception {
        configurations.add(Pipelines.configure(configAdmin, factoryPid, keyValues));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        for (Configuration configuration : configurations) {
            configuration.delete();
        }
    }
}
