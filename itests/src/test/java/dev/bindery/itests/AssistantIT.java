package dev.bindery.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.bindery.api.assistant.Answer;
import dev.bindery.api.assistant.AnswerListener;
import dev.bindery.api.assistant.Assistant;
import dev.bindery.api.assistant.AssistantRequest;
import dev.bindery.api.bind.BindNetwork;
import dev.bindery.api.cache.VisualCache;
import dev.bindery.api.encoder.ModalityEncoder;
import dev.bindery.api.llm.LanguageModel;
import dev.bindery.cache.CacheFiles;
import dev.bindery.tensor.DType;
import dev.bindery.tensor.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The whole pipeline in the container, configured from the golden tiny checkpoints: real image and audio files go
 * through the encoders, the strategy, the bind network and the LLaMA decoder, and the greedy answers of every golden
 * end-to-end case (naive and cache-enhanced) equal upstream's. Then the default strategy is switched through
 * configuration and the next request uses it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class AssistantIT extends BinderyTestSupport {
    private static final long WAIT_MS = 120_000;

    @Inject
    ConfigurationAdmin configAdmin;

    @Test
    public void goldenEndToEndCasesGiveUpstreamsAnswers() throws Exception {
        Path golden = Paths.get(System.getProperty("bindery.golden.dir"));
        Path ib = golden.resolve("imagebind_tiny");
        Path llm = golden.resolve("imagebind_llm_tiny");
        Path work = Files.createTempDirectory("bindery-assistant-it");
        Path cacheFile = work.resolve("golden.cache");
        List<String> ids = new ArrayList<>();
        int rows = (int) dev.bindery.tensor.io.Npy.read(llm.resolve("cache/cache_vectors.npy")).shape()[0];
        for (int i = 0; i < rows; i++) {
            ids.add("v" + i);
        }
        CacheFiles.importNpy(llm.resolve("cache/cache_vectors.npy"), cacheFile, "imagebind_tiny", DType.F32, ids);

        List<Configuration> configurations = new ArrayList<>();
        try {
            for (String modality : List.of("image", "audio")) {
                configurations.add(configure("dev.bindery.encoder." + modality, "checkpoint",
                        ib.resolve("imagebind_tiny.pth"), "model.config", ib.resolve("config.json"), "model.id",
                        "imagebind_tiny", "onnx.dir", work.resolve("onnx")));
            }
            configurations.add(configure("dev.bindery.bindnet", "checkpoint", llm.resolve("adapter.pth"),
                    "model.id", "tiny-adapter"));
            configurations.add(configure("dev.bindery.cache", "file", cacheFile, "name", "golden"));
            configurations.add(configure("dev.bindery.llama", "llama.dir", llm.resolve("llama/tiny"), "tokenizer",
                    llm.resolve("llama/tokenizer.model"), "adapter", llm.resolve("adapter.pth"),
                    "bindery.model.id", "tiny-llm"));
            awaitService(ModalityEncoder.class, "(" + ModalityEncoder.MODALITY + "=image)");
            awaitService(ModalityEncoder.class, "(" + ModalityEncoder.MODALITY + "=audio)");
            awaitService(BindNetwork.class, null);
            awaitService(VisualCache.class, null);
            awaitService(LanguageModel.class, null);
            Assistant assistant = awaitService(Assistant.class, null);
            Pipelines.awaitAnswer(assistant, request(golden, Json.parseObject(Files.readString(
                    llm.resolve("naive/result.json"))), "naive"), WAIT_MS);

            int cases = 0;
            for (String strategy : List.of("naive", "cache-enhanced")) {
                String folder = strategy.equals("naive") ? "naive" : "cache";
                Map<String, Object> result = Json.parseObject(Files.readString(llm.resolve(folder + "/result.json")));
                Answer answer = assistant.ask(request(golden, result, strategy), AnswerListener.NONE).await();
                assertEquals(strategy + ": the greedy answer of upstream", result.get("generated_text_stripped"),
                        answer.text());
                assertEquals(strategy, answer.strategy());
                assertTrue(answer.timings().summary(), answer.timings().stages().containsKey("encode.image")
                        && answer.timings().stages().containsKey("encode.audio")
                        && answer.timings().stages().containsKey("bind"));
                cases++;
            }
            assertEquals(2, cases);

            // Hot swap of the default strategy through configuration: the next request without a strategy uses it.
            Configuration runtime = configAdmin.getConfiguration("dev.bindery.runtime", "?");
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put("strategy", "cache-enhanced");
            runtime.update(properties);
            try {
                Map<String, Object> result = Json.parseObject(Files.readString(llm.resolve("cache/result.json")));
                AssistantRequest noStrategy = request(golden, result, null);
                String used = null;
                for (int i = 0; i < 100 && !"cache-enhanced".equals(used); i++) {
                    used = assistant.ask(noStrategy, AnswerListener.NONE).await().strategy();
                }
                assertEquals("cache-enhanced", used);
                String shell = execute("bindery:ask --image " + golden.resolve("preprocess/inputs/vision/chelsea.png")
                        + " --temperature 0 --max-tokens 4 --json Describe it.");
                assertTrue(shell, shell.contains("\"strategy\" : \"cache-enhanced\""));
            } finally {
                runtime.delete();
            }
        } finally {
            for (Configuration configuration : configurations) {
                configuration.delete();
            }
        }
    }

    /** The golden case's request: its inputs with their weights, its instruction, greedy decoding of its length. */
    private static AssistantRequest request(Path golden, Map<String, Object> result, String strategy) {
        return Pipelines.goldenRequest(golden, result, strategy, ((Number) result.get("max_gen_len")).intValue());
    }

    private <S> S awaitService(Class<S> type, String filter) throws Exception {
        return Pipelines.awaitService(context, type, filter, WAIT_MS);
    }

    /** A factory configuration; keys are the metatype names with '_' written as '.', as DS maps them. */
    private Configuration configure(String factoryPid, Object... keyValues) throws Exception {
        return Pipelines.configure(configAdmin, factoryPid, keyValues);
    }
}
