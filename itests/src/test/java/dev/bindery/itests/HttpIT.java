package dev.bindery.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import dev.bindery.api.encoder.ModalityEncoder;
import dev.bindery.api.modality.Embedding;
import dev.bindery.api.modality.Modality;
import dev.bindery.api.modality.ModalityInput;
import dev.bindery.tensor.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The OpenAI-compatible HTTP API of the booted distribution, driven with plain {@link java.net.http.HttpClient}: health
 * while nothing is loaded, chat with image and audio parts (greedy answers equal upstream's golden ones), streaming,
 * embeddings equal to the encoders' own, errors in OpenAI's shape, 429 under a burst, a default-strategy hot swap while
 * streams are open with no stream lost, and the metrics of all that.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class HttpIT extends BinderyTestSupport {
    private static final String CHAT = "/v1/chat/completions";

    @Inject
    ConfigurationAdmin configAdmin;

    @Test
    public void openAiCompatibleApi() throws Exception {
        Path golden = Paths.get(System.getProperty("bindery.golden.dir"));
        try (HttpFixture fixture = new HttpFixture(context, configAdmin, golden)) {
            HttpApiClient api = fixture.client;
            healthIsUnavailableWithoutModels(api);
            fixture.configureGoldenModels();
            awaitHealthy(api);
            int answered = 0;
            answered += chatGivesUpstreamsGreedyAnswers(api, golden);
            embeddingsAreTheEncodersOwn(api, fixture, golden);
            errorsHaveOpenAisShape(api, golden);
            burstBeyondTheQueueIsAnswered429(api);
            answered += strategyHotSwapLosesNoStream(api, golden);
            metricsCountedAllOfIt(api, answered);
        }
    }

    private static void healthIsUnavailableWithoutModels(HttpApiClient api) throws Exception {
        HttpApiClient.Reply health = api.get("/health");
        // Another test class of the suite may still be unloading its models: then the API is already up, fine.
        Map<String, Object> body = health.json();
        if (health.status == 503) {
            assertEquals(health.toString(), "loading", body.get("status"));
            assertFalse(health.toString(), ((List<?>) body.get("missing")).isEmpty());
        } else {
            assertEquals(health.toString(), 200, health.status);
        }
        HttpApiClient.Reply models = api.get("/v1/models");
        assertEquals(models.toString(), 200, models.status);
    }

    private static void awaitHealthy(HttpApiClient api) throws Exception {
        HttpApiClient.Reply health = api.get("/health");
        for (int i = 0; i < 100 && health.status != 200; i++) {
            health = api.get("/health");
        }
        assertEquals(health.toString(), 200, health.status);
        assertEquals("ok", health.json().get("status"));
    }

    /** Every golden end-to-end case, asked over HTTP, non-streamed and streamed: upstream's greedy answer. */
    @SuppressWarnings("unchecked")
    private static int chatGivesUpstreamsGreedyAnswers(HttpApiClient api, Path golden) throws Exception {
        int cases = 0;
        for (String folder : List.of("naive", "cache")) {
            Map<String, Object> result = Json.parseObject(Files.readString(
                    golden.resolve("imagebind_llm_tiny/" + folder + "/result.json")));
            String strategy = folder.equals("naive") ? "naive" : "cache-enhanced";
            Map<String, Object> request = goldenRequest(golden, result, strategy);
            HttpApiClient.Reply reply = api.post(CHAT, request);
            assertEquals(reply.toString(), 200, reply.status);
            Map<String, Object> body = reply.json();
            assertEquals("chat.completion", body.get("object"));
            assertEquals("tiny-llm", body.get("model"));
            Map<String, Object> choice = (Map<String, Object>) ((List<Object>) body.get("choices")).get(0);
            String content = (String) ((Map<String, Object>) choice.get("message")).get("content");
            assertEquals(strategy + ": upstream's greedy answer", result.get("generated_text_stripped"), content);
            assertEquals("length", choice.get("finish_reason"));
            Map<String, Object> usage = (Map<String, Object>) body.get("usage");
            assertEquals(((List<?>) result.get("prompt_ids")).size(), ((Number) usage.get("prompt_tokens")).intValue());
            assertEquals(((Number) result.get("max_gen_len")).intValue(),
                    ((Number) usage.get("completion_tokens")).intValue());
            Map<String, Object> extras = (Map<String, Object>) body.get("bindery");
            assertEquals(strategy, extras.get("strategy"));
            Map<String, Object> timings = (Map<String, Object>) extras.get("timings_ms");
            assertTrue(timings.toString(), timings.containsKey("encode.image") && timings.containsKey("encode.audio")
                    && timings.containsKey("bind") && timings.containsKey("decode"));

            request.put("stream", true);
            request.put("stream_options", Map.of("include_usage", true));
            HttpApiClient.Stream stream = api.stream(request, null);
            assertEquals(stream.toString(), 200, stream.status);
            assertTrue(stream.toString(), stream.done);
            assertEquals(strategy + ": the streamed deltas add up to the answer", content, stream.text());
            Map<String, Object> last = stream.events.get(stream.events.size() - 1);
            assertEquals(usage, last.get("usage"));
            assertTrue(((List<?>) last.get("choices")).isEmpty());
            Map<String, Object> finish = stream.events.get(stream.events.size() - 2);
            assertEquals("length", ((Map<String, Object>) ((List<Object>) finish.get("choices")).get(0))
                    .get("finish_reason"));
            assertNotNull(finish.get("bindery"));
            cases++;
        }
        assertEquals(2, cases);
        return 2 * cases;
    }

    /** The golden case as an OpenAI request: its instruction, its files as data URIs with weights, greedy. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> goldenRequest(Path golden, Map<String, Object> result, String strategy)
            throws Exception {
        List<Object> content = new ArrayList<>();
        String prompt = (String) result.get("prompt");
        content.add(Map.of("type", "text", "text", prompt.substring(prompt.indexOf("### Instruction:\n") + 17,
                prompt.indexOf("\n\n### Response:"))));
        for (Map.Entry<String, Object> input : ((Map<String, Object>) result.get("inputs")).entrySet()) {
            List<Object> spec = (List<Object>) input.getValue();
            content.add(part(input.getKey().toLowerCase(Locale.ROOT), golden.resolve((String) spec.get(0)),
                    ((Number) spec.get(1)).doubleValue()));
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("model", "tiny-llm");
        request.put("messages", List.of(Map.of("role", "user", "content", content)));
        request.put("temperature", 0);
        request.put("max_tokens", result.get("max_gen_len"));
        if (strategy != null) {
            request.put("strategy", strategy);
        }
        return request;
    }

    /** A content part for a file: image_url with a data URI, input_audio with base64, or Bindery's own parts. */
    static Map<String, Object> part(String modality, Path file, double weight) throws Exception {
        String name = file.getFileName().toString();
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String base64 = Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        Map<String, Object> part = new LinkedHashMap<>();
        if (modality.equals("image") || modality.equals("vision")) {
            part.put("type", "image_url");
            part.put("image_url", Map.of("url", "data:image/" + (extension.equals("jpg") ? "jpeg" : extension)
                    + ";base64," + base64));
        } else if (modality.equals("audio")) {
            part.put("type", "input_audio");
            part.put("input_audio", Map.of("data", base64, "format", extension));
        } else {
            String type = modality.equals("point") ? "point_cloud" : modality;
            part.put("type", type);
            part.put(type, Map.of("data", base64, "format", extension));
        }
        part.put("weight", weight);
        return part;
    }

    /** Image and audio embeddings over HTTP equal the encoder services' own normalised vectors. */
    @SuppressWarnings("unchecked")
    private void embeddingsAreTheEncodersOwn(HttpApiClient api, HttpFixture fixture, Path golden) throws Exception {
        Path image = golden.resolve("preprocess/inputs/vision/chelsea.png");
        Path audio = golden.resolve("preprocess/inputs/audio/speech_16k_mono.wav");
        Map<String, Object> request = Map.of("model", "imagebind_tiny", "input",
                List.of(part("image", image, 1), part("audio", audio, 1)));
        HttpApiClient.Reply reply = api.post("/v1/embeddings", request);
        assertEquals(reply.toString(), 200, reply.status);
        Map<String, Object> body = reply.json();
        assertEquals("list", body.get("object"));
        assertEquals("imagebind_tiny", body.get("model"));
        List<Object> data = (List<Object>) body.get("data");
        assertEquals(2, data.size());
        Object[][] expected = {{Modality.IMAGE, image}, {Modality.AUDIO, audio}};
        for (int i = 0; i < 2; i++) {
            Modality modality = (Modality) expected[i][0];
            ModalityEncoder encoder = fixture.awaitService(ModalityEncoder.class,
                    "(" + ModalityEncoder.MODALITY + "=" + modality + ")");
            Embedding direct = encoder.encode(ModalityInput.ofFile(modality, (Path) expected[i][1]));
            Map<String, Object> item = (Map<String, Object>) data.get(i);
            assertEquals(i, ((Number) item.get("index")).intValue());
            assertEquals(modality.name(), item.get("modality"));
            List<Object> vector = (List<Object>) item.get("embedding");
            float[] want = direct.normalized();
            assertEquals(want.length, vector.size());
            for (int j = 0; j < want.length; j++) {
                double got = ((Number) vector.get(j)).doubleValue();
                assertTrue(modality + " [" + j + "] " + got + " vs " + want[j], Math.abs(got - want[j]) <= 1e-6);
            }
        }
    }

    /** Bad base64, unsupported part and media types, unknown model, oversized body: OpenAI's error object. */
    private void errorsHaveOpenAisShape(HttpApiClient api, Path golden) throws Exception {
        String good = Base64.getEncoder().encodeToString(Files.readAllBytes(
                golden.resolve("preprocess/inputs/vision/chelsea.png")));
        assertError(api.post(CHAT, chat(Map.of("type", "image_url", "image_url",
                Map.of("url", "data:image/png;base64,@@not base64@@")))), 400, "invalid_base64",
                "messages[0].content[1].image_url.url");
        assertError(api.post(CHAT, chat(Map.of("type", "input_audio", "input_audio",
                Map.of("data", "UklGRg=%=", "format", "wav")))), 400, "invalid_base64",
                "messages[0].content[1].input_audio.data");
        assertError(api.post(CHAT, chat(Map.of("type", "file", "file", Map.of("file_data", good)))), 400,
                "unsupported_content_type", "messages[0].content[1].type");
        assertError(api.post(CHAT, chat(Map.of("type", "image_url", "image_url",
                Map.of("url", "data:image/svg+xml;base64," + good)))), 400, "unsupported_media_type",
                "messages[0].content[1].image_url.url");
        assertError(api.post(CHAT, chat(Map.of("type", "input_audio", "input_audio",
                Map.of("data", good, "format", "mp3")))), 400, "unsupported_audio_format",
                "messages[0].content[1].input_audio.format");
        // Base64 that decodes, but to bytes no image decoder reads: the encoder's message, still a 400.
        assertError(api.post(CHAT, chat(Map.of("type", "image_url", "image_url",
                Map.of("url", "data:image/png;base64," + Base64.getEncoder().encodeToString(new byte[64]))))),
                400, "invalid_input", null);
        Map<String, Object> unknown = new LinkedHashMap<>(chat(Map.of("type", "text", "text", "again")));
        unknown.put("model", "gpt-4o");
        assertError(api.post(CHAT, unknown), 404, "model_not_found", "model");
        assertError(api.post("/v1/embeddings", Map.of("model", "clip-vit", "input", "a cat")), 404,
                "model_not_found", "model");
        assertError(api.postRaw(CHAT, "{\"messages\": [}"), 400, "invalid_json", null);
        assertError(api.get("/v1/chat/completions"), 405, "method_not_allowed", null);
        assertError(api.get("/v1/nothing"), 404, "not_found", null);

        withHttpConfig(Map.of("max.request.bytes", "1048576"), () -> {
            String padding = "x".repeat(1_200_000);
            assertError(api.post(CHAT, chat(Map.of("type", "text", "text", padding))), 413, "request_too_large",
                    null);
            HttpApiClient.Reply small = api.post(CHAT, quick("still fine", 2));
            assertEquals(small.toString(), 200, small.status);
        });
    }

    /** One in-flight request and one waiting: a burst of eight gets 429s with Retry-After and no other failure. */
    private void burstBeyondTheQueueIsAnswered429(HttpApiClient api) throws Exception {
        withHttpConfig(Map.of("concurrency", "1", "queue.capacity", "1"), () -> {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<HttpApiClient.Reply>> replies = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    replies.add(pool.submit(() -> api.post(CHAT, quick("Count to ten.", 24))));
                }
                int ok = 0;
                int busy = 0;
                for (Future<HttpApiClient.Reply> f : replies) {
                    HttpApiClient.Reply reply = f.get(300, TimeUnit.SECONDS);
                    if (reply.status == 429) {
                        busy++;
                        assertError(reply, 429, "queue_full", null);
                        assertEquals("1", reply.response.headers().firstValue("Retry-After").orElse(null));
                    } else {
                        assertEquals(reply.toString(), 200, reply.status);
                        ok++;
                    }
                }
                assertTrue("some requests ran: " + ok, ok >= 1);
                assertTrue("requests beyond 1 running + 1 waiting are refused: " + busy, busy >= 1);
            } finally {
                pool.shutdownNow();
            }
        });
    }

    /**
     * Six streams open (two running, four queued) while the default strategy is switched through Config Admin and
     * back: every stream ends with its finish chunk and [DONE], requests after the switch use the new default, and
     * the container is healthy afterwards.
     */
    @SuppressWarnings("unchecked")
    private int strategyHotSwapLosesNoStream(HttpApiClient api, Path golden) throws Exception {
        Map<String, Object> result = Json.parseObject(Files.readString(
                golden.resolve("imagebind_llm_tiny/naive/result.json")));
        Map<String, Object> request = goldenRequest(golden, result, null);
        request.put("stream", true);
        request.put("max_tokens", 64);

        int streams = 6;
        // What each stream must say in full: the greedy answer of the strategy it reports (queued streams may start
        // after the swap).
        Map<String, String> reference = new LinkedHashMap<>();
        for (String strategy : List.of("naive", "cache-enhanced")) {
            Map<String, Object> once = goldenRequest(golden, result, strategy);
            once.put("max_tokens", 64);
            HttpApiClient.Reply reply = api.post(CHAT, once);
            assertEquals(reply.toString(), 200, reply.status);
            reference.put(strategy, (String) ((Map<String, Object>) ((Map<String, Object>) ((List<Object>) reply
                    .json().get("choices")).get(0)).get("message")).get("content"));
        }
        CountDownLatch firstChunk = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(streams);
        Configuration runtime = configAdmin.getConfiguration("dev.bindery.runtime", "?");
        try {
            List<Future<HttpApiClient.Stream>> open = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                open.add(pool.submit(() -> api.stream(request, firstChunk::countDown)));
            }
            assertTrue("a stream started", firstChunk.await(300, TimeUnit.SECONDS));
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put("strategy", "cache-enhanced");
            runtime.update(properties);

            Map<String, Object> probe = goldenRequest(golden, result, null);
            probe.put("max_tokens", 2);
            String used = null;
            for (int i = 0; i < 100 && !"cache-enhanced".equals(used); i++) {
                HttpApiClient.Reply reply = api.post(CHAT, probe);
                assertEquals(reply.toString(), 200, reply.status);
                used = (String) ((Map<String, Object>) reply.json().get("bindery")).get("strategy");
            }
            assertEquals("requests after the swap use the new default", "cache-enhanced", used);
            runtime.delete();
            runtime = null;

            int complete = 0;
            for (Future<HttpApiClient.Stream> f : open) {
                HttpApiClient.Stream stream = f.get(300, TimeUnit.SECONDS);
                assertEquals(stream.toString(), 200, stream.status);
                assertTrue("stream ended with [DONE]: " + stream, stream.done);
                assertFalse("no error event: " + stream, stream.events.stream().anyMatch(e -> e.containsKey("error")));
                Map<String, Object> finish = stream.events.get(stream.events.size() - 1);
                Map<String, Object> choice = (Map<String, Object>) ((List<Object>) finish.get("choices")).get(0);
                assertNotNull(stream.toString(), choice.get("finish_reason"));
                String strategy = (String) ((Map<String, Object>) finish.get("bindery")).get("strategy");
                assertEquals("stream answered with " + strategy + " in full", reference.get(strategy), stream.text());
                complete++;
            }
            assertEquals("zero failed streams", streams, complete);
        } finally {
            pool.shutdownNow();
            if (runtime != null) {
                runtime.delete();
            }
        }
        HttpApiClient.Reply health = api.get("/health");
        assertEquals(health.toString(), 200, health.status);
        return streams;
    }

    private static void metricsCountedAllOfIt(HttpApiClient api, int answered) throws Exception {
        HttpApiClient.Reply metrics = api.get("/metrics");
        assertEquals(200, metrics.status);
        assertTrue(metrics.response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        String text = metrics.body;
        assertTrue(text, counter(text, "bindery_http_requests_total{endpoint=\"/v1/chat/completions\",status=\"200\"}")
                >= answered);
        assertTrue(text, counter(text, "bindery_http_requests_total{endpoint=\"/v1/chat/completions\",status=\"429\"}")
                >= 1);
        assertTrue(text, counter(text, "bindery_http_requests_total{endpoint=\"/v1/chat/completions\",status=\"400\"}")
                >= 5);
        assertTrue(text, counter(text, "bindery_generated_tokens_total") >= 24 * 4);
        assertTrue(text, counter(text, "bindery_stage_duration_seconds_count{stage=\"encode.image\"}") >= 1);
        assertTrue(text, counter(text, "bindery_stage_duration_seconds_count{stage=\"decode\"}") >= answered);
        assertTrue(text, text.contains("bindery_queue_depth 0"));
        assertTrue(text, text.contains("bindery_http_open_streams 0"));
        assertTrue(text, text.contains("bindery_ready 1"));
        assertTrue(text, text.contains("bindery_model_loaded{device=\"cpu\",id=\"imagebind_tiny\",kind=\"encoder\","
                + "modality=\"image\"} 1"));
        assertTrue(text, text.contains("id=\"tiny-llm\",kind=\"language-model\""));
    }

    private static double counter(String text, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
        assertTrue("no series " + series, m.find());
        return Double.parseDouble(m.group(1));
    }

    @SuppressWarnings("unchecked")
    private static void assertError(HttpApiClient.Reply reply, int status, String code, String param) {
        assertEquals(reply.toString(), status, reply.status);
        Map<String, Object> error = (Map<String, Object>) reply.json().get("error");
        assertNotNull(reply.toString(), error);
        assertTrue(reply.toString(), error.get("message") instanceof String
                && !((String) error.get("message")).isBlank());
        assertTrue(reply.toString(), error.get("type") instanceof String);
        assertTrue(reply.toString(), error.containsKey("param") && error.containsKey("code"));
        assertEquals(reply.toString(), code, error.get("code"));
        if (param != null) {
            assertEquals(reply.toString(), param, error.get("param"));
        }
    }

    private static Map<String, Object> chat(Map<String, Object> part) {
        return Map.of("messages", List.of(Map.of("role", "user", "content",
                List.of(Map.of("type", "text", "text", "Describe it."), part))), "max_tokens", 2);
    }

    private static Map<String, Object> quick(String text, int tokens) {
        return Map.of("messages", List.of(Map.of("role", "user", "content", text)), "max_tokens", tokens,
                "temperature", 0);
    }

    /** Runs {@code body} with these settings of dev.bindery.http in force, then removes them again. */
    private void withHttpConfig(Map<String, String> settings, ThrowingRunnable body) throws Exception {
        Configuration http = configAdmin.getConfiguration("dev.bindery.http", "?");
        try {
            http.update(new Hashtable<>(settings));
            awaitQueueShape(settings);
            body.run();
        } finally {
            http.delete();
        }
        awaitQueueShape(Map.of());
    }

    /** Waits until /health reports the queue these settings give (DS applies a configuration asynchronously). */
    @SuppressWarnings("unchecked")
    private void awaitQueueShape(Map<String, String> settings) throws Exception {
        int capacity = Integer.parseInt(settings.getOrDefault("queue.capacity", "16"));
        int concurrency = Integer.parseInt(settings.getOrDefault("concurrency", "2"));
        HttpApiClient api = new HttpApiClient(port());
        for (int i = 0; i < 200; i++) {
            HttpApiClient.Reply health = api.get("/health");
            assertTrue("the API stays registered while its configuration changes: " + health,
                    health.status == 200);
            Map<String, Object> queue = (Map<String, Object>) health.json().get("queue");
            if (((Number) queue.get("capacity")).intValue() == capacity
                    && ((Number) queue.get("concurrency")).intValue() == concurrency) {
                if (!settings.containsKey("max.request.bytes") || sizeLimitApplied(api)) {
                    return;
                }
            }
        }
        throw new AssertionError("dev.bindery.http " + settings + " was never applied");
    }

    private static boolean sizeLimitApplied(HttpApiClient api) throws Exception {
        // Whitespace that is not JSON: read in full and refused as 400 under the default limit, 413 under 1 MiB.
        return api.postRaw(CHAT, "{" + " ".repeat(1_100_000)).status == 413;
    }

    private int port() throws Exception {
        Object port = configAdmin.getConfiguration("org.ops4j.pax.web", null).getProperties()
                .get("org.osgi.service.http.port");
        return Integer.parseInt(String.valueOf(port));
    }

    /** A test step that may throw. */
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
