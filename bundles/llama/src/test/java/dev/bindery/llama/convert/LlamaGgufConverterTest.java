package dev.bindery.llama.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.ModelMismatchException;
import dev.bindery.tensor.DType;
import dev.bindery.tensor.io.GgufFile;
import dev.bindery.tensor.io.Json;
import dev.bindery.tensor.io.LlamaParams;
import dev.bindery.tensor.testing.Golden;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public conversion entry point on the golden tiny ImageBind-LLM checkpoints. */
class LlamaGgufConverterTest {
    private static final Path LLM = Golden.path("imagebind_llm_tiny");
    private static final Path LLAMA_DIR = LLM.resolve("llama/tiny");
    private static final Path TOKENIZER = LLM.resolve("llama/tokenizer.model");
    private static final Path ADAPTER = LLM.resolve("adapter.pth");

    @TempDir
    Path tmp;

    @Test
    void writesTheSizesOfTheSourcesAndTheAdapterTensors() throws Exception {
        Path out = tmp.resolve("model.gguf");
        GgufSummary s = LlamaGgufConverter.convert(LLAMA_DIR, TOKENIZER, ADAPTER, GgufWeightFormat.Q8_0, 256, out);
        LlamaParams params = LlamaParams.read(LLAMA_DIR.resolve("params.json"));
        Map<String, Object> config = Json.parseObject(Files.readString(LLM.resolve("config.json")));
        int vocab = ((Number) config.get("vocab_size")).intValue();
        assertEquals(new GgufSummary(params.dim(), params.nLayers(), params.nHeads(), vocab, 256,
                GgufWeightFormat.Q8_0, true), s);
        try (GgufFile g = GgufFile.open(out)) {
            assertEquals(params.dim(), g.metadata("llama.embedding_length").asLong());
            assertEquals(vocab, g.metadata("llama.vocab_size").asLong());
            assertEquals(256, g.metadata("llama.context_length").asLong());
            assertTrue(g.contains("adapter.prefix_query.weight"));
            assertEquals(DType.Q8_0, g.dtype("blk.0.attn_q.weight"));
        }
    }

    @Test
    void plainLlamaHasNoAdapterTensorsAndTheOutputIsReproducible() throws Exception {
        Path a = tmp.resolve("a.gguf");
        Path b = tmp.resolve("b/a.gguf");
        GgufSummary s = LlamaGgufConverter.convert(LLAMA_DIR, TOKENIZER, null, GgufWeightFormat.STORED, 128, a);
        LlamaGgufConverter.convert(LLAMA_DIR, TOKENIZER, null, GgufWeightFormat.STORED, 128, b);
        assertFalse(s.adapter());
        try (GgufFile g = GgufFile.open(a)) {
            assertFalse(g.contains("adapter.prefix_query.weight"));
        }
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void anAdapterOfAnotherModelIsRefusedAndNothingIsWritten() {
        Path out = tmp.resolve("bad.gguf");
        Path notAnAdapter = Golden.path("imagebind_tiny/imagebind_tiny.pth");
        ModelMismatchException e = assertThrows(ModelMismatchException.class, () -> LlamaGgufConverter.convert(
                LLAMA_DIR, TOKENIZER, notAnAdapter, GgufWeightFormat.F32, 64, out));
        assertTrue(e.getMessage().contains("imagebind_tiny.pth"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void parsesFormatNamesAndRefusesOthers() {
        assertEquals(GgufWeightFormat.Q4_0, GgufWeightFormat.parse("q4-0"));
        assertEquals(GgufWeightFormat.STORED, GgufWeightFormat.parse(" Stored "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GgufWeightFormat.parse("q5_k"));
        assertTrue(e.getMessage().contains("q5_k"));
    }
}
