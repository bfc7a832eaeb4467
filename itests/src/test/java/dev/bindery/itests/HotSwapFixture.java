package dev.bindery.itests;


import dev.bindery.api.assistant.Assistant;
import dev.bindery.api.assistant.AssistantRequest;
import dev.bindery.api.bind.BindNetwork;
import dev.bindery.api.cache.VisualCache;
import dev.bindery.api.encoder.ModalityEncoder;
import dev.bindery.api.llm.LanguageModel;
import dev.bindery.cache.CacheFiles;
import dev.bindery.tensor.DType;
import dev.bindery.tensor.io.Json;
import dev.bindery.tensor.io.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceListener;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The services of the hot-swap tests, configured from the golden tiny checkpoints (image and audio encoders, bind
 * network, cache, LLaMA) and removed again by {@link #close()}, plus the golden requests they answer.
 */
final class HotSwapFixture implements AutoCloseable {
    static final long WAIT_MS = 180_000;

    final Path golden = Paths.get(System.getProperty("bindery.golden.dir"));
    final Path imagebind = golden.resolve("imagebind_tiny");
    final Path llm = golden.resolve("imagebind_llm_tiny");
    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;
    private final List<Configuration> configurations = new ArrayList<>();

    HotSwapFixture(BundleContext context, ConfigurationAdmin configAdmin) {
        this.context = context;
        this.configAdmin = configAdmin;
    }

    /** Configures every service of the pipeline; the ONNX graphs go to {@code work/onnx} (built on first use). */
    void configurePipeline(Path work) throws Exception {
        Path cacheFile = work.resolve("golden.cache");
        if (!Files.exists(cacheFile)) {
            Path vectors = llm.resolve("cache/cache_vectors.npy");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < Npy.read(vectors).shape()[0]; i++) {
                ids.add("v" + i);
            }
            CacheFiles.importNpy(vectors, cacheFile, "imagebind_tiny", DType.F32, ids);
        }
        for (String modality : List.of("image", "audio")) {
            configure("dev.bindery.encoder." + modality, "checkpoint", imagebind.resolve("imagebind_tiny.pth"),
                    "model.config", imagebind.resolve("config.json"), "model.id", "imagebind_tiny", "onnx.dir",
                    work.resolve("onnx"), "intra.op.threads", 2);
        }
        configure("dev.bindery.bindnet", "checkpoint", llm.resolve("adapter.pth"), "model.id", "tiny-adapter");
        configure("dev.bindery.cache", "file", cacheFile, "name", "golden");
        configure("dev.bindery.llama", "llama.dir", llm.resolve("llama/tiny"), "tokenizer",
                llm.resolve("llama/tokenizer.model"), "adapter", llm.resolve("adapter.pth"), "bindery.model.id",
                "tiny-llm");
    }

    /** A factory configuration; keys are the metatype names with '_' written as '.', as DS maps them. */
    Configuration configure(String factoryPid, Object... keyValues) throws Exception {
        Configuration configuration = Pipelines.configure(configAdmin, factoryPid, keyValues);
        configurations.add(configuration);
        return configuration;
    }

    <S> S await(Class<S> type, String filter) throws Exception {
        return Pipelines.awaitService(context, type, filter, WAIT_MS);
    }

    /** Waits until {@code assistant} answers {@code request} (see {@link Pipelines#awaitAnswer}). */
    void awaitAnswer(Assistant assistant, AssistantRequest request) throws Exception {
        Pipelines.awaitAnswer(assistant, request, WAIT_MS);
    }

    /** A golden end-to-end case ({@code naive} or {@code cache}): its result.json. */
    Map<String, Object> result(String folder) throws Exception {
        return Json.parseObject(Files.readString(llm.resolve(folder + "/result.json")));
    }

    /** The golden case's request with its inputs and weights, greedy, at most {@code maxTokens} new tokens. */
    AssistantRequest request(Map<String, Object> result, String strategy, int maxTokens) {
        return Pipelines.goldenRequest(golden, result, strategy, maxTokens);
    }

    static String instruction(Map<String, Object> result) {
        return Pipelines.instruction(result);
    }

    static int maxTokens(Map<String, Object> result) {
        return ((Number) result.get("max_gen_len")).intValue();
    }

    /**
     * Deletes the configurations and waits until their services are gone, so that the next test's waits do not see
     * a service that is about to be unregistered.
     */
    @Override
    public void close() throws Exception {
        for (Configuration configuration : configurations) {
            try {
                configuration.delete();
            } catch (IllegalStateException alreadyDeleted) {
                // deleted by the test itself
            }
        }
        configurations.clear();
        for (Class<?> type : List.of(LanguageModel.class, BindNetwork.class, VisualCache.class)) {
            awaitGone(type, null);
        }
        awaitGone(ModalityEncoder.class, "(" + ModalityEncoder.DEVICE + "=cpu)");
    }

    private void awaitGone(Class<?> type, String filter) throws Exception {
        String f = "(&(objectClass=" + type.getName() + ")" + (filter == null ? "" : filter) + ")";
        Object lock = new Object();
        ServiceListener listener = event -> {
            synchronized (lock) {
                lock.notifyAll();
            }
        };
        context.addServiceListener(listener, f);
        try {
            long deadline = System.nanoTime() + WAIT_MS * 1_000_000L;
            while (context.getServiceReferences(type.getName(), f) != null) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(type.getSimpleName() + " services still registered after their"
                            + " configurations were deleted");
                }
                synchronized (lock) {
                    lock.wait(100);
                }
            }
        } finally {
            context.removeServiceListener(listener);
        }
    }
}
