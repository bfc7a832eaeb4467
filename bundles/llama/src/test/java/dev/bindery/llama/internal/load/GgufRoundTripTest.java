package dev.bindery.llama.internal.load;

import static dev.bindery.llama.testing.GoldenDir.list;
import static dev.bindery.llama.testing.GoldenDir.object;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.BinderyException;
import dev.bindery.llama.internal.model.Llama;
import dev.bindery.llama.internal.model.LlamaState;
import dev.bindery.llama.internal.tokenizer.SentencePieceTokenizer;
import dev.bindery.llama.testing.GoldenDir;
import dev.bindery.llama.testing.TinyLlama;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.GgufFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writing the model as one GGUF and reading it back changes nothing: the same tensors bit for bit, the same
 * tokenizer ids, identical logits, for the stored F16 weights and for Q8_0 / Q4_0; and the loader reuses a fresh
 * GGUF copy instead of the sources.
 */
class GgufRoundTripTest {

    @Test
    void storedWeightsSurviveTheRoundTripBitForBit(@TempDir Path tmp) throws IOException, BinderyException {
        WeightSet original = TinyLlama.weights();
        Path file = tmp.resolve("tiny.gguf");
        GgufExport.write(original, TinyLlama.CONTEXT, file);
        WeightSet back = GgufSource.read(file);

        assertEquals(original.config(), back.config());
        assertEquals(original.tensors().keySet(), back.tensors().keySet());
        for (Map.Entry<String, TensorData> e : original.tensors().entrySet()) {
            TensorData b = back.tensors().get(e.getKey());
            assertEquals(e.getValue().dtype(), b.dtype(), e.getKey());
            assertArrayEquals(e.getValue().shape(), b.shape(), e.getKey());
            assertEquals(e.getValue().bytes().duplicate().clear(), b.bytes().duplicate().clear(), e.getKey());
        }
        try (GgufFile gguf = GgufFile.open(file)) {
            assertEquals("llama", gguf.metadata("general.architecture").asString());
            assertEquals(1L, gguf.metadata("general.file_type").asLong(), "F16 weights");
            assertEquals(TinyLlama.CONTEXT, gguf.metadata("llama.context_length").asLong());
        }
        SentencePieceTokenizer a = new SentencePieceTokenizer(original.tokenizer());
        SentencePieceTokenizer b = new SentencePieceTokenizer(back.tokenizer());
        Map<String, Object> prompts = object(GoldenDir.readJson(TinyLlama.dir().resolve("tokenizer/prompts.json")));
        for (Object o : list(prompts.get("items"))) {
            String prompt = (String) object(o).get("prompt");
            assertArrayEquals(a.encode(prompt, true, false), b.encode(prompt, true, false), prompt);
        }
        assertSameLogits(TinyLlama.build(original), TinyLlama.build(back));
    }

    @Test
    void quantisedModelsAreWrittenOnceAndReadBackIdentically(@TempDir Path tmp) throws IOException, BinderyException {
        for (WeightFormat format : new WeightFormat[] {WeightFormat.Q8_0, WeightFormat.Q4_0}) {
            Path file = tmp.resolve("tiny-" + format + ".gguf");
            LoadedModel fromSources = ModelLoader.load(TinyLlama.files().withGguf(file), format, TinyLlama.CONTEXT,
                    TinyLlama.pool());
            assertTrue(Files.isRegularFile(file), "GGUF copy written");
            assertTrue(fromSources.source().contains("adapter.pth"), fromSources.source());
            // well after the sources' times, so the copy counts as fresh whatever the file system's time resolution
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
            LoadedModel fromCopy = ModelLoader.load(TinyLlama.files().withGguf(file), format, TinyLlama.CONTEXT,
                    TinyLlama.pool());
            assertEquals(file.toString(), fromCopy.source(), "the fresh GGUF copy is used");
            assertEquals(format.name(), fromCopy.llama().weightFormat());
            try (GgufFile gguf = GgufFile.open(file)) {
                assertEquals(format == WeightFormat.Q8_0 ? 7L : 2L, gguf.metadata("general.file_type").asLong());
            }
            assertSameLogits(fromSources.llama(), fromCopy.llama());

            Files.setLastModifiedTime(file, FileTime.fromMillis(0));
            LoadedModel stale = ModelLoader.load(TinyLlama.files().withGguf(file), format, TinyLlama.CONTEXT,
                    TinyLlama.pool());
            assertTrue(stale.source().contains("adapter.pth"), "a stale copy is rebuilt from the sources");
            assertTrue(Files.getLastModifiedTime(file).toMillis() > 0, "and rewritten");
        }
    }

    /** Full logits of the fixture prompt, with and without the visual feature, must be identical. */
    static void assertSameLogits(Llama expected, Llama actual) throws BinderyException {
        int[] prompt = TinyLlama.ints("logits/prompt_ids.npy");
        float[] feature = TinyLlama.floats("logits/visual_feature.npy");
        for (float[] visual : new float[][] {feature, null}) {
            int n = prompt.length * expected.config().vocabSize();
            float[] a = new float[n];
            float[] b = new float[n];
            LlamaState sa = expected.newState(TinyLlama.CONTEXT, visual);
            LlamaState sb = actual.newState(TinyLlama.CONTEXT, visual);
            expected.forward(sa, prompt, 0, a);
            actual.forward(sb, prompt, 0, b);
            assertArrayEquals(a, b, visual == null ? "no visual" : "visual");
            int next = 7;
            assertArrayEquals(expected.forward(sa, new int[] {next}, prompt.length),
                    actual.forward(sb, new int[] {next}, prompt.length), "decode step");
        }
    }
}
