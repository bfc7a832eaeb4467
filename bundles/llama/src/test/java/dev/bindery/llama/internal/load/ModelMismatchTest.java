package dev.bindery.llama.internal.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.ModelMismatchException;
import dev.bindery.llama.internal.load.TensorNames.Projection;
import dev.bindery.llama.testing.TinyLlama;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.GgufValue;
import dev.bindery.tensor.io.GgufWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that do not make one model are refused with a message naming the tensor (or key) and the problem. */
class ModelMismatchTest {

    private static WeightSet with(WeightSet ws, String name, TensorData replacement) {
        Map<String, TensorData> t = new LinkedHashMap<>(ws.tensors());
        if (replacement == null) {
            t.remove(name);
        } else {
            t.put(name, replacement);
        }
        return ws.withTensors(t);
    }

    private static ModelMismatchException refused(WeightSet ws, String... expectedInMessage) {
        ModelMismatchException e = assertThrows(ModelMismatchException.class,
                () -> LlamaBuilder.build(ws, TinyLlama.CONTEXT, TinyLlama.pool()));
        for (String s : expectedInMessage) {
            assertTrue(e.getMessage().contains(s), "'" + s + "' missing in: " + e.getMessage());
        }
        return e;
    }

    private static TensorData floats(String name, long... shape) {
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        return TensorData.ofFloats(name, shape, new float[n]);
    }

    @Test
    void missingBaseTensorIsNamedWithItsCheckpointKey() {
        refused(with(TinyLlama.weights(), TensorNames.weight(1, Projection.K), null),
                "blk.1.attn_k.weight", "is missing");
        ModelMismatchException e = refused(with(TinyLlama.weights(), TensorNames.ffnNorm(0), null), "blk.0.ffn_norm.weight");
        assertTrue(e.getMessage().contains("tiny"), "names the source: " + e.getMessage());
    }

    @Test
    void adapterWidthOtherThanTheBaseIsRefused() {
        WeightSet ws = TinyLlama.weights();
        refused(with(ws, TensorNames.PREFIX_QUERY, floats("p", 2, 32)), "prefix_query", "[2, 32]", "dim 64");
        refused(with(ws, TensorNames.PREFIX_QUERY, floats("p", 3, 64)), "prefix_query", "query_layer <= 2");
        refused(with(ws, TensorNames.loraA(0, Projection.Q), floats("a", 16, 32)),
                "blk.0.attn_q.lora_a", "llama.layers.0.attention.lora_wq_l1.weight", "[16, 32]");
        refused(with(ws, TensorNames.loraB(1, Projection.DOWN), floats("b", 64, 8)),
                "blk.1.ffn_down.lora_b", "lora_w2_l2", "expected [64, 16]");
        refused(with(ws, TensorNames.bias(0, Projection.GATE), floats("b", 64)), "blk.0.ffn_gate.bias", "[192]");
        refused(with(ws, TensorNames.gate(1), floats("g", 1, 2, 1, 1)), "blk.1.attn_gate", "one gate per head (4)");
        refused(with(ws, TensorNames.attentionNorm(1), floats("n", 32)), "blk.1.attn_norm.weight", "[32]");
    }

    @Test
    void incompleteFineTuneOrAdapterIsRefused() {
        WeightSet ws = TinyLlama.weights();
        refused(with(ws, TensorNames.bias(1, Projection.O), null), "blk.1.attn_output.bias", "is missing");
        refused(with(ws, TensorNames.loraB(0, Projection.V), null), "blk.0.attn_v.lora_b", "is missing");
        refused(with(ws, TensorNames.gate(0), null), "blk.0.attn_gate", "is missing");
        refused(with(ws, TensorNames.PREFIX_QUERY, null), "attn_gate", "prefix_query");
        float[] values = new float[64];
        values[5] = Float.NaN;
        TensorData nan = TensorData.ofFloats("n", new long[] {64}, values);
        refused(with(ws, TensorNames.OUTPUT_NORM, nan), "output_norm.weight", "NaN", "element 5");
    }

    @Test
    void aBaseWithoutAdapterIsPlainLlama() throws ModelMismatchException {
        var llama = LlamaBuilder.build(TinyLlama.baseWeights(), TinyLlama.CONTEXT, TinyLlama.pool());
        assertEquals(0, llama.visualDimension());
        assertTrue(llama.parameters() > 0);
    }

    @Test
    void adapterKeysTranslateAndUnknownKeysAreNotModelKeys() {
        assertEquals("blk.3.attn_q.lora_a", MetaNames.ofAdapterKey("llama.layers.3.attention.lora_wq_l1.weight"));
        assertEquals("blk.0.ffn_up.bias", MetaNames.ofAdapterKey("llama.layers.0.feed_forward.w3.bias"));
        assertEquals("output_norm.weight", MetaNames.ofAdapterKey("llama.norm.weight"));
        assertEquals("image_bind_f1_2.weight", MetaNames.ofAdapterKey("image_bind_f1_2.weight"));
        assertEquals(TensorNames.PREFIX_QUERY, MetaNames.ofAdapterKey("prefix_query.weight"));
        assertNull(MetaNames.ofAdapterKey("visual_proj.weight"));
        assertNull(MetaNames.ofAdapterKey("llama.layers.0.attention.lora_wq_l3.weight"));
        assertNull(MetaNames.ofAdapterKey("layers.0.attention.wq.weight"), "base keys need the llama. prefix");
        assertNull(MetaNames.ofLlamaKey("layers.x.attention.wq.weight"));
    }

    @Test
    void anAdapterWithAnUnexpectedKeyIsRefused(@TempDir Path tmp) throws IOException {
        // the fixture adapter with one key renamed in its pickle (same length, so the archive stays valid)
        byte[] bytes = Files.readAllBytes(TinyLlama.files().adapter());
        byte[] from = "prefix_query.weight".getBytes(StandardCharsets.US_ASCII);
        byte[] to = "prefix_qu3ry.weight".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(bytes, from);
        assertTrue(at >= 0);
        System.arraycopy(to, 0, bytes, at, to.length);
        Path adapter = Files.write(tmp.resolve("adapter.pth"), bytes);
        ModelFiles f = TinyLlama.files();
        Exception e = assertThrows(Exception.class, () -> MetaSource.read(f.llamaDir(), f.tokenizer(), adapter));
        assertTrue(e.getMessage().contains("prefix_qu3ry.weight") && e.getMessage().contains("adapter.pth"),
                e.getMessage());
    }

    @Test
    void paramsJsonContradictingTheTokenizerIsRefused(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("tiny"));
        try (Stream<Path> s = Files.list(TinyLlama.files().llamaDir())) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.copy(p, dir.resolve(p.getFileName()));
            }
        }
        Files.writeString(dir.resolve("params.json"), Files.readString(dir.resolve("params.json"))
                .replace("\"vocab_size\": -1", "\"vocab_size\": 32000"));
        ModelMismatchException e = assertThrows(ModelMismatchException.class,
                () -> MetaSource.read(dir, TinyLlama.files().tokenizer(), null));
        assertTrue(e.getMessage().contains("vocab_size 32000") && e.getMessage().contains("512"), e.getMessage());
    }

    @Test
    void ggufOfAnotherArchitectureOrWithUnknownTensorsIsRefused(@TempDir Path tmp) throws IOException {
        Path gpt = tmp.resolve("gpt.gguf");
        GgufWriter.write(gpt, Map.of("general.architecture", GgufValue.ofString("gpt2")), List.of());
        ModelMismatchException e = assertThrows(ModelMismatchException.class, () -> GgufSource.read(gpt));
        assertTrue(e.getMessage().contains("'gpt2'"), e.getMessage());

        Path ours = tmp.resolve("tiny.gguf");
        WeightSet ws = with(TinyLlama.weights(), "blk.0.attn_q.scale", floats("s", 64));
        GgufExport.write(ws, TinyLlama.CONTEXT, ours);
        e = assertThrows(ModelMismatchException.class, () -> GgufSource.read(ours));
        assertTrue(e.getMessage().contains("unknown tensor 'blk.0.attn_q.scale'"), e.getMessage());

        Path truncated = tmp.resolve("truncated.gguf");
        GgufExport.write(TinyLlama.weights(), TinyLlama.CONTEXT, ours);
        byte[] full = Files.readAllBytes(ours);
        Files.write(truncated, java.util.Arrays.copyOf(full, full.length - 100));
        IOException io = assertThrows(IOException.class, () -> GgufSource.read(truncated));
        assertTrue(io.getMessage().contains("truncated.gguf") && io.getMessage().contains("truncated"),
                io.getMessage());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
