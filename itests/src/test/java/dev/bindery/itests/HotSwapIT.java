package dev.bindery.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import dev.bindery.api.ServiceUnavailableException;
import dev.bindery.api.assistant.Answer;
import dev.bindery.api.assistant.AnswerListener;
import dev.bindery.api.assistant.Assistant;
import dev.bindery.api.assistant.AssistantRequest;
import dev.bindery.api.assistant.WeightedInput;
import dev.bindery.api.bind.BindNetwork;
import dev.bindery.api.cache.VisualCache;
import dev.bindery.cache.CacheFile;
import dev.bindery.api.encoder.ModalityEncoder;
import dev.bindery.api.llm.LanguageModel;
import dev.bindery.api.llm.SamplingOptions;
import dev.bindery.api.modality.Modality;
import dev.bindery.api.modality.ModalityInput;
import dev.bindery.tensor.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Dictionary;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Hot swap in the running container, with the pipeline configured from the golden tiny checkpoints:
 * <ol>
 *   <li>the default strategy switched three ways (Config Admin, {@code config:property-set}, {@code bindery:strategy})
 *       while requests stream from several threads: no request fails and, once a request used the new strategy,
 *       every later one does;</li>
 *   <li>the image encoder's bundle stopped while requests use it: none fails, the next ones are served by the
 *       lower-ranked fallback provider of another bundle (with upstream's answer), then 50 stop/start cycles leave
 *       the process's threads, file descriptors, heap and resident memory where they were;</li>
 *   <li>a third-party bundle built here against the public API adds a modality ({@code tabular}) at run time; it is
 *       asked about and embedded without a restart, and its removal is reported clearly.</li>
 * </ol>
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class HotSwapIT extends BinderyTestSupport {
    private static final String RUNTIME_PID = "dev.bindery.runtime";
    private static final String IMAGE_BUNDLE = "dev.bindery.encoder.image";
    private static final String ONNX_IMAGE = "(&(" + ModalityEncoder.MODALITY + "=image)(" + ModalityEncoder.DEVICE
            + "=cpu))";
    private static final int CYCLES = 50;

    @Inject
    ConfigurationAdmin configAdmin;

    private HotSwapFixture fixture;
    private Assistant assistant;
    private Path work;

    @Before
    public void configure() throws Exception {
        work = Paths.get(System.getProperty("bindery.exam.dir", "target/exam")).toAbsolutePath()
                .resolve("hotswap-work");
        Files.createDirectories(work);
        fixture = new HotSwapFixture(context, configAdmin);
        fixture.configurePipeline(work);
        fixture.await(ModalityEncoder.class, ONNX_IMAGE);
        fixture.await(ModalityEncoder.class, "(" + ModalityEncoder.MODALITY + "=audio)");
        fixture.await(BindNetwork.class, null);
        fixture.await(VisualCache.class, null);
        fixture.await(LanguageModel.class, null);
        assistant = fixture.await(Assistant.class, null);
        fixture.awaitAnswer(assistant, fixture.request(fixture.result("naive"), "naive", 1));
    }

    @After
    public void unconfigure() throws Exception {
        // The default strategy goes back by an update, not a deletion: deleting the pipeline's configuration lets
        // SCR re-create the Assistant a moment later, under the next test's feet.
        Configuration[] runtime = configAdmin.listConfigurations("(service.pid=" + RUNTIME_PID + ")");
        if (runtime != null && !"naive".equals(runtime[0].getProperties().get("strategy"))) {
            setStrategy("naive");
        }
        fixture.close();
    }

    // ---------------------------------------------------------------------------------------------- (a) strategy

    @Test
    public void switchingTheDefaultStrategyWhileRequestsStreamFailsNone() throws Exception {
        AssistantRequest request = fixture.request(fixture.result("naive"), null, 3);
        assertEquals("the built-in default", "naive", assistant.ask(request, AnswerListener.NONE).await().strategy());
        try (HotSwapLoad load = new HotSwapLoad(assistant, request, 3)) {
            load.awaitAnswersAfter(Long.MIN_VALUE, 3);

            load.switchTo("cache-enhanced", () -> setStrategy("cache-enhanced"));
            load.switchTo("naive", () -> execute("config:property-set -p " + RUNTIME_PID + " strategy naive"));
            load.switchTo("cache-enhanced", () -> {
                String shown = execute("bindery:strategy --json cache-enhanced");
                Map<String, Object> json = Json.parseObject(shown);
                assertEquals(shown, "cache-enhanced", json.get("default"));
                assertEquals(shown, "naive", json.get("previous"));
            });

            load.stop();
            assertEquals("failed requests: " + load.failures, 0, load.failures.size());
            load.assertEverySwitchHeld("naive");
            System.out.println("HotSwapIT strategy switches under load: " + load.report());
        }
        String current = execute("bindery:strategy --json");
        assertEquals(current, "cache-enhanced", Json.parseObject(current).get("default"));
        String refused = executeFailing("bindery:strategy no-such-strategy");
        assertTrue(refused, refused.contains("no-such-strategy") && refused.contains("naive"));
    }

    private void setStrategy(String name) throws Exception {
        Configuration runtime = configAdmin.getConfiguration(RUNTIME_PID, "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("strategy", name);
        runtime.update(properties);
    }

    // ---------------------------------------------------------------------------------------------- (b) encoders

    @Test
    public void stoppingTheImageEncoderBundleHandsRequestsToTheFallback() throws Exception {
        Map<String, Object> naive = fixture.result("naive");
        AssistantRequest golden = fixture.request(naive, "naive", HotSwapFixture.maxTokens(naive));
        HotSwapGoldenEncoder fallback = new HotSwapGoldenEncoder(fixture.golden, "imagebind_tiny");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(ModalityEncoder.MODALITY, "image");
        props.put(ModalityEncoder.DEVICE, HotSwapGoldenEncoder.DEVICE);
        props.put(ModalityEncoder.MODEL_ID, "imagebind_tiny");
        props.put(ModalityEncoder.DIMENSION, fallback.info().dimension());
        props.put(Constants.SERVICE_RANKING, -100);
        ServiceRegistration<ModalityEncoder> registration =
                context.registerService(ModalityEncoder.class, fallback, props);
        Bundle imageBundle = bundle(IMAGE_BUNDLE);
        try {
            String expected = (String) naive.get("generated_text_stripped");
            assertEquals("the ONNX encoder's answer", expected, assistant.ask(golden, AnswerListener.NONE).await()
                    .text());
            assertEquals("the fallback is not used while the ONNX encoder is there", 0, fallback.calls.get());

            AssistantRequest small = fixture.request(naive, "naive", 2);
            try (HotSwapLoad load = new HotSwapLoad(assistant, small, 2)) {
                load.awaitAnswersAfter(Long.MIN_VALUE, 2);
                long stopAt = System.nanoTime();
                imageBundle.stop();
                load.awaitAnswersAfter(stopAt, 2);
                load.stop();
                assertTrue("a request was in flight when the bundle stopped", load.inFlightAt(stopAt) > 0);
                // With a fallback registered no request may fail; any failure must at least name the encoder.
                for (Throwable failure : load.failures) {
                    assertTrue(String.valueOf(failure), failure instanceof ServiceUnavailableException
                            && failure.getMessage().contains("encoder"));
                }
                assertEquals("failed requests: " + load.failures, 0, load.failures.size());
                System.out.println("HotSwapIT bundle stop under load: " + load.answers.size() + " answers, "
                        + load.inFlightAt(stopAt) + " in flight at the stop, 0 failed");
            }
            int before = fallback.calls.get();
            Answer served = assistant.ask(golden, AnswerListener.NONE).await();
            assertEquals("the next request is served by the fallback", before + 1, fallback.calls.get());
            assertEquals("the fallback's answer is upstream's", expected, served.text());
            String embedded = execute("bindery:embed --json --image "
                    + fixture.golden.resolve("preprocess/inputs/vision/chelsea.png"));
            assertTrue(embedded, embedded.contains("\"device\" : \"" + HotSwapGoldenEncoder.DEVICE + "\""));

            imageBundle.start();
            fixture.await(ModalityEncoder.class, ONNX_IMAGE);
            cycleTheImageEncoder(imageBundle, golden, fallback, expected);
        } finally {
            if (imageBundle.getState() != Bundle.ACTIVE) {
                imageBundle.start();
            }
            registration.unregister();
        }
    }

    /**
     * 50 stop/start cycles with a request on the fallback in each stopped phase and one on the ONNX encoder after
     * each start; the process's resources are measured after the first cycle (every lazily created pool exists by
     * then) and after the last.
     */
    private void cycleTheImageEncoder(Bundle imageBundle, AssistantRequest golden, HotSwapGoldenEncoder fallback,
            String expected) throws Exception {
        AssistantRequest small = new AssistantRequest(golden.instruction(), null, golden.inputs(), "naive", Map.of(),
                SamplingOptions.greedy().withMaxNewTokens(2));
        List<HotSwapResources> samples = new ArrayList<>();
        List<Integer> sampled = new ArrayList<>();
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            imageBundle.stop();
            int calls = fallback.calls.get();
            assistant.ask(small, AnswerListener.NONE).await();
            assertEquals("cycle " + cycle + ": served by the fallback", calls + 1, fallback.calls.get());
            imageBundle.start();
            fixture.await(ModalityEncoder.class, ONNX_IMAGE);
            calls = fallback.calls.get();
            assistant.ask(small, AnswerListener.NONE).await();
            assertEquals("cycle " + cycle + ": served by the restarted ONNX encoder", calls, fallback.calls.get());
            assertEquals("cycle " + cycle + ": one ONNX image encoder (session) registered", 1,
                    context.getServiceReferences(ModalityEncoder.class, ONNX_IMAGE).size());
            if (cycle == 1 || cycle % 10 == 0) {
                samples.add(HotSwapResources.measure());
                sampled.add(cycle);
            }
        }
        StringBuilder report = new StringBuilder("HotSwapIT " + CYCLES + " stop/start cycles of " + IMAGE_BUNDLE + ":");
        for (int i = 0; i < samples.size(); i++) {
            report.append(String.format("%n  after cycle %2d: %s", sampled.get(i), samples.get(i)));
        }
        System.out.println(report);
        assertEquals("the answer after the cycles", expected,
                assistant.ask(golden, AnswerListener.NONE).await().text());

        HotSwapResources first = samples.get(0);
        HotSwapResources last = samples.get(samples.size() - 1);
        // Each ONNX session owns a native intra-op thread (2 threads configured), so a leaked session shows as a
        // thread that stays: 49 leaks would add 49. JIT, GC and logging may add a few.
        assertTrue("threads grew:" + report, last.osThreads - first.osThreads <= 8);
        assertTrue("Java threads grew:" + report, last.javaThreads - first.javaThreads <= 4);
        assertTrue("file descriptors grew:" + report, last.fileDescriptors - first.fileDescriptors <= 8);
        assertTrue("heap in use grew:" + report, last.heapUsedMb - first.heapUsedMb <= 32);
        // Resident native memory moves by ~100 MB between samples as the allocator keeps or returns free pages, so
        // the check is on the trend: the lowest of the last two samples against the highest of the first two. A leak
        // of 2.6 MB or more per cycle (a session's weights and arena) fails it.
        long early = Math.max(samples.get(0).nativeMb(), samples.get(1).nativeMb());
        long late = Math.min(samples.get(samples.size() - 2).nativeMb(), last.nativeMb());
        assertTrue("native memory grew:" + report, late - early <= 128);
    }

    // ---------------------------------------------------------------------------------------------- (c) third party

    @Test
    public void aThirdPartyModalityBundleIsUsableWithoutARestart() throws Exception {
        Path row = work.resolve("row.csv");
        Files.writeString(row, "0.5, -1.25, 2, 0.75, 3\n");
        AssistantRequest tabular = new AssistantRequest("Describe this row.", null,
                List.of(WeightedInput.of(ModalityInput.ofFile(Modality.of("tabular"), row))), "naive", Map.of(),
                SamplingOptions.greedy().withMaxNewTokens(4));
        try {
            assistant.ask(tabular, AnswerListener.NONE);
            fail("a tabular request was answered before any tabular encoder was installed");
        } catch (ServiceUnavailableException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("tabular"));
        }

        int dimension = context.getService(context.getServiceReference(BindNetwork.class)).inputDimension();
        Bundle thirdParty = context.installBundle("thirdparty:" + ThirdPartyBundle.SYMBOLIC_NAME,
                ThirdPartyBundle.build("imagebind_tiny", dimension));
        try {
            thirdParty.start();
            fixture.await(ModalityEncoder.class, "(" + ModalityEncoder.MODALITY + "=tabular)");

            Answer answer = assistant.ask(tabular, AnswerListener.NONE).await();
            assertTrue(answer.timings().summary(), answer.timings().stages().containsKey("encode.tabular"));
            assertEquals("naive", answer.strategy());
            assertTrue("generated tokens", answer.generatedTokens() > 0);

            // Mixed with an image of the same embedding model.
            AssistantRequest mixed = new AssistantRequest("Describe both.", null, List.of(
                    WeightedInput.of(ModalityInput.ofFile(Modality.IMAGE,
                            fixture.golden.resolve("preprocess/inputs/vision/chelsea.png"))),
                    new WeightedInput(ModalityInput.ofFile(Modality.of("tabular"), row), 0.5f)), "naive", Map.of(),
                    SamplingOptions.greedy().withMaxNewTokens(4));
            Answer both = assistant.ask(mixed, AnswerListener.NONE).await();
            assertTrue(both.timings().summary(), both.timings().stages().containsKey("encode.tabular")
                    && both.timings().stages().containsKey("encode.image"));

            // the shell reaches the new modality too, and answers as the API does
            Map<String, Object> asked = Json.parseObject(execute("bindery:ask --json --strategy naive --temperature 0 --max-tokens 4"
                    + " --with tabular=" + row + " \"Describe this row.\""));
            assertEquals(answer.text(), asked.get("answer"));

            String listed = execute("bindery:encoders --json");
            assertTrue(listed, listed.contains("\"tabular\"") && listed.contains(ThirdPartyBundle.SYMBOLIC_NAME));
            Map<String, Object> embedded = Json.parseObject(execute("bindery:embed --json --modality tabular "
                    + row));
            @SuppressWarnings("unchecked")
            Map<String, Object> first = ((List<Map<String, Object>>) embedded.get("embeddings")).get(0);
            assertEquals("tabular", first.get("modality"));
            @SuppressWarnings("unchecked")
            List<Number> vector = (List<Number>) first.get("vector");
            float[] cells = {0.5f, -1.25f, 2f, 0.75f, 3f};
            assertEquals(dimension, vector.size());
            for (int k = 0; k < dimension; k++) {
                assertEquals("component " + k, cells[k % cells.length], vector.get(k).floatValue(), 0f);
            }
        } finally {
            thirdParty.uninstall();
        }
        try {
            assistant.ask(tabular, AnswerListener.NONE);
            fail("a tabular request was answered after the tabular bundle was uninstalled");
        } catch (ServiceUnavailableException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("no encoder for the modality tabular"));
        }
        String refused = executeFailing("bindery:embed --modality tabular " + row);
        assertTrue(refused, refused.contains("tabular"));
    }

    // ---------------------------------------------------------------------------------------------- commands

    /**
     * The encoding commands in the container against upstream's numbers: {@code bindery:similarity}'s cosine matrix
     * and zero-shot probabilities from the golden image and text embeddings, {@code bindery:retrieve}'s neighbours
     * from a brute-force search of the golden cache vectors.
     */
    /**
     * {@code bindery:cache-build} turns the golden images into a cache through the image encoder the pipeline uses
     * (its vectors are that encoder's, normalised); {@code bindery:cache-import} brings the golden cache vectors in
     * and {@code --append} adds them again.
     */
    @Test
    public void theCacheCommandsBuildFromImagesAndImportVectors() throws Exception {
        Path images = fixture.golden.resolve("preprocess/inputs/vision");
        Path built = work.resolve("built.cache");
        Files.deleteIfExists(built);
        Map<String, Object> result = Json.parseObject(execute("bindery:cache-build --json --dtype f32 -o " + built
                + " " + images));
        long count;
        try (java.util.stream.Stream<Path> files = Files.list(images)) {
            count = files.filter(f -> f.toString().matches(".*\\.(png|jpg|gif|bmp)$")).count();
        }
        assertEquals(count, ((Number) result.get("entries")).longValue());
        assertEquals("imagebind_tiny", result.get("model"));
        ModalityEncoder encoder = fixture.await(ModalityEncoder.class, ONNX_IMAGE);
        try (CacheFile cache = CacheFile.open(built)) {
            assertEquals(count, cache.size());
            for (long i = 0; i < cache.size(); i++) {
                Path source = Paths.get(cache.source(i).orElseThrow());
                float[] expected = encoder.encode(ModalityInput.ofFile(Modality.IMAGE, source)).normalized();
                float[] stored = cache.vector(i);
                for (int k = 0; k < expected.length; k++) {
                    assertEquals(source + " [" + k + "]", expected[k], stored[k], 1e-6f);
                }
            }
        }

        Path npy = fixture.golden.resolve("imagebind_llm_tiny/cache/cache_vectors.npy");
        Path imported = work.resolve("imported.cache");
        Files.deleteIfExists(imported);
        long rows = dev.bindery.tensor.io.Npy.read(npy).shape()[0];
        Map<String, Object> first = Json.parseObject(execute("bindery:cache-import --json --model-id imagebind_tiny"
                + " -o " + imported + " " + npy));
        assertEquals(rows, ((Number) first.get("entries")).longValue());
        Map<String, Object> appended = Json.parseObject(execute("bindery:cache-import --json --append -o " + imported
                + " " + npy));
        assertEquals(2 * rows, ((Number) appended.get("entries")).longValue());
        assertEquals(rows, ((Number) appended.get("imported")).longValue());
        String refused = executeFailing("bindery:cache-import --append --model-id other -o " + imported + " " + npy);
        assertTrue(refused, refused.contains("imagebind_tiny") && refused.contains("other"));
    }

    /**
     * {@code bindery:cache-index} builds the HNSW index of an imported cache inside the container (Lucene's graph
     * embedded in the cache bundle); a cache configured with {@code search = hnsw} is registered as approximate and
     * its neighbours for the golden query are upstream's.
     */
    @Test
    public void theCacheIndexCommandBuildsAnIndexThatTheCacheServiceSearches() throws Exception {
        Path npy = fixture.golden.resolve("imagebind_llm_tiny/cache/cache_vectors.npy");
        Path file = work.resolve("indexed.cache");
        Files.deleteIfExists(file);
        execute("bindery:cache-import --json --dtype f32 --model-id imagebind_tiny -o " + file + " " + npy);
        Map<String, Object> index = Json.parseObject(execute("bindery:cache-index --json " + file));
        long rows = dev.bindery.tensor.io.Npy.read(npy).shape()[0];
        assertEquals(rows, ((Number) index.get("entries")).longValue());
        assertTrue(Files.size(Paths.get((String) index.get("index"))) > 0);
        fixture.configure("dev.bindery.cache", "file", file, "name", "indexed", "search", "hnsw");
        VisualCache cache = fixture.await(VisualCache.class,
                "(&(" + VisualCache.NAME + "=indexed)(bindery.cache.search=hnsw))");
        assertTrue(!cache.info().exact());
        float[] query = dev.bindery.tensor.io.Npy.read(fixture.golden.resolve(
                "imagebind_llm_tiny/cache/query_before_cache.npy")).toFloatArray();
        long[] expected = dev.bindery.tensor.io.Npy.read(fixture.golden.resolve(
                "imagebind_llm_tiny/cache/topk_indices.npy")).toLongArray();
        List<dev.bindery.api.cache.Neighbour> found = cache.search(query, expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals("neighbour " + i, expected[i], found.get(i).index());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    public void theEncodingCommandsGiveUpstreamsNumbers() throws Exception {
        fixture.configure("dev.bindery.encoder.text", "checkpoint", fixture.imagebind.resolve("imagebind_tiny.pth"),
                "model.config", fixture.imagebind.resolve("config.json"), "model.id", "imagebind_tiny", "onnx.dir",
                work.resolve("onnx"), "bpe", fixture.imagebind.resolve("bpe_simple_vocab_16e6.txt.gz"));
        fixture.await(ModalityEncoder.class, "(" + ModalityEncoder.MODALITY + "=text)");
        HotSwapGolden golden = new HotSwapGolden(fixture.golden);
        List<String> images = golden.imageFiles().subList(0, 3);
        List<String> labels = golden.texts().subList(0, 3);

        StringBuilder command = new StringBuilder("bindery:similarity --json");
        for (String image : images) {
            command.append(" --image ").append(fixture.golden.resolve(image));
        }
        Map<String, Object> cosine = Json.parseObject(execute(command.toString()));
        List<List<Number>> matrix = (List<List<Number>>) cosine.get("matrix");
        for (int i = 0; i < images.size(); i++) {
            for (int j = 0; j < images.size(); j++) {
                double expected = golden.cosine(golden.image(images.get(i)), golden.image(images.get(j)));
                assertEquals(images.get(i) + " x " + images.get(j), expected, matrix.get(i).get(j).doubleValue(),
                        golden.embeddingTolerance() * 10);
            }
        }

        StringBuilder zeroShot = new StringBuilder("bindery:similarity --json");
        for (String label : labels) {
            zeroShot.append(" --label \"").append(label).append('"');
        }
        for (String image : images) {
            zeroShot.append(" --image ").append(fixture.golden.resolve(image));
        }
        Map<String, Object> classified = Json.parseObject(execute(zeroShot.toString()));
        assertEquals(labels, classified.get("labels"));
        List<List<Number>> probabilities = (List<List<Number>>) classified.get("probabilities");
        for (int i = 0; i < images.size(); i++) {
            double[] expected = golden.softmax(golden.image(images.get(i)), golden.textRows(labels.size()));
            for (int j = 0; j < labels.size(); j++) {
                // the text embeddings carry the logit scale (~20), so the embeddings' 1e-4 becomes ~1e-2 in logits
                assertEquals(images.get(i) + " as " + labels.get(j), expected[j],
                        probabilities.get(i).get(j).doubleValue(), 1e-2);
            }
        }

        String chelsea = images.get(1);
        Map<String, Object> retrieved = Json.parseObject(execute("bindery:retrieve --json -k 3 --cache golden --image "
                + fixture.golden.resolve(chelsea)));
        assertEquals("golden", retrieved.get("cache"));
        List<Map<String, Object>> neighbours = (List<Map<String, Object>>) ((List<Map<String, Object>>)
                retrieved.get("results")).get(0).get("neighbours");
        int[] top = golden.topCacheRows(golden.image(chelsea), 3);
        assertEquals(3, neighbours.size());
        for (int r = 0; r < 3; r++) {
            assertEquals("neighbour " + (r + 1) + " of " + chelsea, "v" + top[r], neighbours.get(r).get("id"));
        }
        String table = execute("bindery:retrieve -k 2 --cache golden --image " + fixture.golden.resolve(chelsea));
        assertTrue(table, table.contains("v" + top[0]) && table.contains("score"));
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    /** Runs a command that must fail and returns its error message. */
    private String executeFailing(String command) {
        try {
            String out = execute(command);
            throw new AssertionError(command + " did not fail: " + out);
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            // Subject.doAs wraps the command's exception in a PrivilegedActionException without a message.
            Throwable t = e;
            while (t.getMessage() == null && t.getCause() != null) {
                t = t.getCause();
            }
            return String.valueOf(t.getMessage());
        }
    }
}
