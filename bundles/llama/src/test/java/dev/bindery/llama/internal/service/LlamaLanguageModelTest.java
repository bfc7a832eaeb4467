package dev.bindery.llama.internal.service;

import static dev.bindery.llama.testing.GoldenDir.ints;
import static dev.bindery.llama.testing.GoldenDir.object;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.BinderyException;
import dev.bindery.api.InvalidInputException;
import dev.bindery.api.ServiceUnavailableException;
import dev.bindery.api.llm.Generation;
import dev.bindery.api.llm.GenerationRequest;
import dev.bindery.api.llm.GenerationResult;
import dev.bindery.api.llm.ModelInfo;
import dev.bindery.api.llm.SamplingOptions;
import dev.bindery.api.llm.StopReason;
import dev.bindery.api.llm.TokenListener;
import dev.bindery.llama.internal.load.LoadedModel;
import dev.bindery.llama.internal.load.ModelLoader;
import dev.bindery.llama.internal.load.WeightFormat;
import dev.bindery.llama.testing.GoldenDir;
import dev.bindery.llama.testing.TinyLlama;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The language model service on the fixtures' model: upstream's answers, concurrency, streaming, cancel, refusals. */
class LlamaLanguageModelTest {
    private static LoadedModel loaded;
    private static LlamaLanguageModel model;

    @BeforeAll
    static void load() throws Exception {
        loaded = ModelLoader.load(TinyLlama.files(), WeightFormat.STORED, TinyLlama.CONTEXT, TinyLlama.pool());
        model = new LlamaLanguageModel("tiny", loaded, 3);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** One request per fixture run (prompt text, visual feature, greedy) plus seeded sampling requests. */
    private static List<GenerationRequest> requests() throws IOException {
        Manifest manifest = Golden.manifest(GoldenDir.GROUP);
        List<GenerationRequest> out = new ArrayList<>();
        for (String run : manifest.files(f -> f.endsWith("/result.json"))) {
            Map<String, Object> r = object(GoldenDir.readJson(manifest.path(run)));
            String dir = run.substring(0, run.lastIndexOf('/') + 1);
            out.add(GenerationRequest.ofPrompt((String) r.get("prompt"), TinyLlama.floats(dir + "visual_feature.npy"),
                    SamplingOptions.greedy().withMaxNewTokens(((Long) r.get("max_gen_len")).intValue())));
        }
        int[] prompt = TinyLlama.ints("logits/prompt_ids.npy");
        for (long seed = 1; seed <= 3; seed++) {
            out.add(GenerationRequest.ofTokens(prompt, seed == 2 ? null : TinyLlama.floats("logits/visual_feature.npy"),
                    SamplingOptions.defaults().withTemperature(0.8f).withSeed(seed).withMaxNewTokens(30)));
        }
        return out;
    }

    @Test
    void answersAsUpstreamGenerateDoesAndStreamsTheText() throws Exception {
        Manifest manifest = Golden.manifest(GoldenDir.GROUP);
        List<GenerationRequest> requests = requests();
        int i = 0;
        for (String run : manifest.files(f -> f.endsWith("/result.json"))) {
            Map<String, Object> r = object(GoldenDir.readJson(manifest.path(run)));
            StringBuilder streamed = new StringBuilder();
            GenerationResult out = model.generate(requests.get(i++), streamed::append).await();
            assertArrayEquals(ints(r.get("generated_ids")), out.tokens(), run);
            assertEquals(r.get("generated_text"), out.text(), run);
            assertEquals(out.text(), streamed.toString(), run + ": streamed");
            assertEquals(ints(r.get("prompt_ids")).length, out.promptTokens(), run);
            assertEquals(StopReason.MAX_TOKENS, out.stopReason(), run);
        }
    }

    @Test
    void concurrentGenerationsGiveTheSequentialResults() throws Exception {
        List<GenerationRequest> requests = requests();
        List<GenerationResult> sequential = new ArrayList<>();
        try (LlamaLanguageModel single = new LlamaLanguageModel("single", loaded, 1)) {
            for (GenerationRequest r : requests) {
                sequential.add(single.generate(r, TokenListener.NONE).await());
            }
        }
        for (int round = 0; round < 2; round++) {
            List<Generation> running = new ArrayList<>();
            List<StringBuilder> streams = new ArrayList<>();
            for (GenerationRequest r : requests) {
                StringBuilder s = new StringBuilder();
                streams.add(s);
                running.add(model.generate(r, s::append));
            }
            for (int k = 0; k < requests.size(); k++) {
                GenerationResult got = running.get(k).await();
                assertArrayEquals(sequential.get(k).tokens(), got.tokens(), "request " + k);
                assertEquals(sequential.get(k).text(), got.text(), "request " + k);
                assertEquals(got.text(), streams.get(k).toString(), "request " + k + " stream");
            }
        }
    }

    @Test
    void cancellingStopsTheGenerationWithTheTextSoFar() throws Exception {
        CountDownLatch handleSet = new CountDownLatch(1);
        AtomicReference<Generation> handle = new AtomicReference<>();
        StringBuilder streamed = new StringBuilder();
        TokenListener cancelAfterFirstText = text -> {
            streamed.append(text);
            try {
                handleSet.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            handle.get().cancel();
        };
        GenerationRequest request = GenerationRequest.ofTokens(TinyLlama.ints("logits/prompt_ids.npy"), null,
                SamplingOptions.greedy().withMaxNewTokens(200));
        handle.set(model.generate(request, cancelAfterFirstText));
        handleSet.countDown();
        GenerationResult out = handle.get().await();
        assertEquals(StopReason.CANCELLED, out.stopReason());
        assertTrue(out.generatedTokens() < 200, "stopped early: " + out.generatedTokens());
        assertEquals(streamed.toString(), out.text());
        assertTrue(handle.get().isDone());
    }

    @Test
    void describesTheModel() {
        ModelInfo info = model.info();
        assertEquals("tiny", info.id());
        assertEquals(64, info.visualDimension());
        assertEquals(512, info.vocabularySize());
        assertEquals(TinyLlama.CONTEXT, info.contextLength());
        assertEquals("F16", info.weightFormat());
        assertTrue(info.parameters() > 64 * 512 * 2, "parameters " + info.parameters());
        assertEquals(512, model.tokenizer().vocabularySize());
    }

    @Test
    void badRequestsAreRefusedAtOnce() throws Exception {
        int[] prompt = TinyLlama.ints("logits/prompt_ids.npy");
        SamplingOptions greedy = SamplingOptions.greedy();
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> model.generate(GenerationRequest.ofTokens(prompt, new float[32], greedy), TokenListener.NONE));
        assertTrue(e.getMessage().contains("32") && e.getMessage().contains("64"), e.getMessage());
        float[] nan = new float[64];
        nan[3] = Float.NaN;
        e = assertThrows(InvalidInputException.class,
                () -> model.generate(GenerationRequest.ofTokens(prompt, nan, greedy), TokenListener.NONE));
        assertTrue(e.getMessage().contains("value 3"), e.getMessage());
        e = assertThrows(InvalidInputException.class,
                () -> model.generate(GenerationRequest.ofTokens(new int[TinyLlama.CONTEXT], null, greedy),
                        TokenListener.NONE));
        assertTrue(e.getMessage().contains("context"), e.getMessage());
        e = assertThrows(InvalidInputException.class,
                () -> model.generate(GenerationRequest.ofTokens(new int[] {1, 512}, null, greedy), TokenListener.NONE));
        assertTrue(e.getMessage().contains("512"), e.getMessage());

        GenerationResult fits = model.generate(GenerationRequest.ofTokens(new int[TinyLlama.CONTEXT - 2], null,
                greedy.withMaxNewTokens(10)), TokenListener.NONE).await();
        assertEquals(StopReason.CONTEXT_FULL, fits.stopReason(), "the context, not the budget, ended it");
        assertEquals(2, fits.generatedTokens());
    }

    @Test
    void aClosedModelRefusesRequests() throws Exception {
        LlamaLanguageModel closed = new LlamaLanguageModel("closed", loaded, 1);
        closed.close();
        assertThrows(ServiceUnavailableException.class, () -> closed.generate(GenerationRequest.ofTokens(
                new int[] {1}, null, SamplingOptions.greedy()), TokenListener.NONE));
    }

    @Test
    void aFailingListenerFailsOnlyItsGeneration() throws Exception {
        Generation g = model.generate(GenerationRequest.ofTokens(TinyLlama.ints("logits/prompt_ids.npy"), null,
                SamplingOptions.greedy().withMaxNewTokens(5)), text -> {
                    throw new IllegalStateException("listener broke");
                });
        BinderyException e = assertThrows(BinderyException.class, g::await);
        assertTrue(e.getMessage().contains("listener broke"), e.getMessage());
        assertEquals(5, model.generate(GenerationRequest.ofTokens(TinyLlama.ints("logits/prompt_ids.npy"), null,
                SamplingOptions.greedy().withMaxNewTokens(5)), TokenListener.NONE).await().generatedTokens());
    }
}
