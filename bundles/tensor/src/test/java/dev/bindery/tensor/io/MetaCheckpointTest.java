package dev.bindery.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.tensor.DType;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetaCheckpointTest {
    @TempDir
    Path tmp;

    private static Path tinyDir() {
        return Golden.path("imagebind_llm_tiny/llama/tiny");
    }

    @Test
    void paramsMatchTheManifestAndTheDerivedSizesMatchTheConfig() throws Exception {
        Manifest m = Golden.manifest("imagebind_llm_tiny");
        @SuppressWarnings("unchecked")
        Map<String, Object> stated = (Map<String, Object>) m.entry("llama/tiny/params.json").get("params");
        Map<String, Object> config = Json.parseObject(Files.readString(m.path("config.json")));
        try (MetaCheckpoint ckpt = MetaCheckpoint.open(tinyDir())) {
            LlamaParams p = ckpt.params();
            assertEquals(((Number) stated.get("dim")).intValue(), p.dim());
            assertEquals(((Number) stated.get("n_layers")).intValue(), p.nLayers());
            assertEquals(((Number) stated.get("n_heads")).intValue(), p.nHeads());
            assertEquals(p.nHeads(), p.nKvHeads(), "n_kv_heads defaults to n_heads");
            assertEquals(((Number) stated.get("vocab_size")).intValue(), p.vocabSize());
            assertEquals(((Number) stated.get("multiple_of")).intValue(), p.multipleOf());
            assertEquals(((Number) stated.get("norm_eps")).doubleValue(), p.normEps());
            assertNull(p.ffnDimMultiplier());
            assertEquals(((Number) config.get("rope_theta")).doubleValue(), p.ropeTheta());
            assertEquals(((Number) config.get("head_dim")).intValue(), p.headDim());
            assertEquals(((Number) config.get("ffn_hidden_dim")).intValue(), p.ffnHiddenDim());
            assertEquals(p.ffnHiddenDim(), ckpt.get("layers.0.feed_forward.w1.weight").dim(0));
            assertEquals(((Number) config.get("vocab_size")).intValue(), p.withVocabSize(512).vocabSize());
        }
    }

    @Test
    void paramsDefaultsAndErrors() throws Exception {
        LlamaParams p = LlamaParams.parse("{\"dim\": 4096, \"n_layers\": 32, \"n_heads\": 32, \"n_kv_heads\": 8,"
                + " \"ffn_dim_multiplier\": 1.3, \"multiple_of\": 1024, \"rope_theta\": 500000.0}", "p.json");
        assertEquals(8, p.nKvHeads());
        assertEquals(500000.0, p.ropeTheta());
        assertEquals(1e-5, p.normEps());
        assertEquals(-1, p.vocabSize());
        int hidden = (int) (1.3 * (2 * 4 * 4096 / 3));
        assertEquals((hidden + 1023) / 1024 * 1024, p.ffnHiddenDim());
        FormatException e = assertThrows(FormatException.class, () -> LlamaParams.parse("{\"dim\": 8}", "q.json"));
        assertTrue(e.getMessage().contains("q.json") && e.getMessage().contains("n_heads"), e.getMessage());
        assertThrows(FormatException.class, () -> LlamaParams.parse("{\"dim\": 8.5, \"n_layers\": 1, \"n_heads\": 1}", "r"));
        assertThrows(FormatException.class, () -> LlamaParams.parse("{\"dim\": ", "s"));
    }

    @Test
    void singleShardGivesTheCheckpointTensorsWithTheManifestShapes() throws Exception {
        Manifest m = Golden.manifest("imagebind_llm_tiny");
        @SuppressWarnings("unchecked")
        Map<String, Object> keys = (Map<String, Object>) m.entry("llama/tiny/consolidated.00.pth").get("keys");
        try (MetaCheckpoint ckpt = MetaCheckpoint.open(tinyDir());
             TorchCheckpoint raw = TorchCheckpoint.open(tinyDir().resolve("consolidated.00.pth"))) {
            assertEquals(1, ckpt.shardCount());
            assertEquals(new ArrayList<>(keys.keySet()), ckpt.names());
            for (String name : ckpt.names()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> info = (Map<String, Object>) keys.get(name);
                TensorData t = ckpt.get(name);
                assertArrayEquals(Manifest.toShape(info.get("shape")), t.shape(), name);
                assertEquals(raw.get(name).bytes(), t.bytes(), name);
            }
        }
    }

    /** Splits the real tiny checkpoint the way Meta's model parallelism does, writes two shards, merges back. */
    @Test
    void twoShardSplitOfTheRealCheckpointMergesBackExactly() throws Exception {
        Map<String, TensorData> original = new LinkedHashMap<>();
        try (TorchCheckpoint raw = TorchCheckpoint.open(tinyDir().resolve("consolidated.00.pth"))) {
            original.putAll(raw.loadAll());
        }
        Path dir = Files.createDirectory(tmp.resolve("two"));
        Files.copy(tinyDir().resolve("params.json"), dir.resolve("params.json"));
        for (int shard = 0; shard < 2; shard++) {
            List<TensorData> parts = new ArrayList<>();
            for (TensorData t : original.values()) {
                parts.add(half(t, MetaCheckpoint.shardAxis(t.name()), shard));
            }
            writeHalfShard(dir.resolve(String.format("consolidated.%02d.pth", shard)), parts);
        }
        try (MetaCheckpoint ckpt = MetaCheckpoint.open(dir)) {
            assertEquals(2, ckpt.shardCount());
            for (TensorData t : original.values()) {
                TensorData merged = ckpt.get(t.name());
                assertArrayEquals(t.shape(), merged.shape(), t.name());
                assertEquals(t.bytes(), merged.bytes(), t.name());
            }
        }
    }

    @Test
    void shardAxesFollowMetasModelParallelLayout() {
        assertEquals(1, MetaCheckpoint.shardAxis("tok_embeddings.weight"));
        assertEquals(0, MetaCheckpoint.shardAxis("output.weight"));
        for (String w : List.of("attention.wq", "attention.wk", "attention.wv", "feed_forward.w1", "feed_forward.w3")) {
            assertEquals(0, MetaCheckpoint.shardAxis("layers.7." + w + ".weight"), w);
        }
        assertEquals(1, MetaCheckpoint.shardAxis("layers.0.attention.wo.weight"));
        assertEquals(1, MetaCheckpoint.shardAxis("layers.0.feed_forward.w2.weight"));
        assertEquals(-1, MetaCheckpoint.shardAxis("layers.0.attention_norm.weight"));
        assertEquals(-1, MetaCheckpoint.shardAxis("norm.weight"));
        assertEquals(-1, MetaCheckpoint.shardAxis("rope.freqs"));
    }

    @Test
    void concatRuleOnSmallTensors() {
        // column-parallel (axis 0): rows of shard 0 then rows of shard 1
        TensorData a = TensorData.ofFloats("x.attention.wq.weight", new long[] {1, 3}, new float[] {1, 2, 3});
        TensorData b = TensorData.ofFloats("x.attention.wq.weight", new long[] {2, 3}, new float[] {4, 5, 6, 7, 8, 9});
        TensorData rows = MetaCheckpoint.concat(a.name(), List.of(a, b));
        assertArrayEquals(new long[] {3, 3}, rows.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, rows.toFloatArray());
        // row-parallel (axis 1): each row is shard 0's columns then shard 1's
        TensorData c = TensorData.ofFloats("x.attention.wo.weight", new long[] {2, 1}, new float[] {1, 2});
        TensorData d = TensorData.ofFloats("x.attention.wo.weight", new long[] {2, 2}, new float[] {3, 4, 5, 6});
        TensorData cols = MetaCheckpoint.concat(c.name(), List.of(c, d));
        assertArrayEquals(new long[] {2, 3}, cols.shape());
        assertArrayEquals(new float[] {1, 3, 4, 2, 5, 6}, cols.toFloatArray());
        // replicated: identical shards collapse, different ones are an error
        TensorData n1 = TensorData.ofFloats("norm.weight", new long[] {2}, new float[] {1, 2});
        assertEquals(n1.bytes(), MetaCheckpoint.concat("norm.weight", List.of(n1, n1)).bytes());
        TensorData n2 = TensorData.ofFloats("norm.weight", new long[] {2}, new float[] {1, 3});
        assertThrows(IllegalArgumentException.class, () -> MetaCheckpoint.concat("norm.weight", List.of(n1, n2)));
        TensorData bad = TensorData.ofFloats("x.attention.wq.weight", new long[] {1, 2}, new float[] {1, 2});
        assertThrows(IllegalArgumentException.class, () -> MetaCheckpoint.concat(a.name(), List.of(a, bad)));
    }

    @Test
    void missingParamsOrShardsAreReported() throws Exception {
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        assertTrue(assertThrows(FormatException.class, () -> MetaCheckpoint.open(empty)).getMessage().contains("params.json"));
        Files.copy(tinyDir().resolve("params.json"), empty.resolve("params.json"));
        assertTrue(assertThrows(FormatException.class, () -> MetaCheckpoint.open(empty)).getMessage().contains("consolidated"));
    }

    /** Shard {@code k} of 2 along {@code axis}: element (i_0..i_n) of the part is element (.., i_axis + k*n/2, ..). */
    private static TensorData half(TensorData t, int axis, int k) {
        if (axis < 0) {
            return t;
        }
        long[] shape = t.shape();
        long[] part = shape.clone();
        part[axis] = shape[axis] / 2;
        int n = (int) (t.numel() / 2);
        ByteBuffer src = t.bytes();
        ByteBuffer out = ByteBuffer.allocate(2 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int flat = 0; flat < n; flat++) {
            long rest = flat;
            long srcFlat = 0;
            long scale = 1;
            for (int d = part.length - 1; d >= 0; d--) {
                long i = rest % part[d];
                rest /= part[d];
                if (d == axis) {
                    i += k * part[d];
                }
                srcFlat += i * scale;
                scale *= shape[d];
            }
            out.putShort(src.getShort((int) srcFlat * 2));
        }
        return TensorData.of(t.name(), t.dtype(), part, out.flip());
    }

    private static void writeHalfShard(Path file, List<TensorData> tensors) throws Exception {
        PickleBytes p = new PickleBytes().proto(2).emptyDict().mark();
        TorchZipBytes zip = new TorchZipBytes(file.getFileName().toString().replace(".pth", ""));
        for (int i = 0; i < tensors.size(); i++) {
            TensorData t = tensors.get(i);
            assertEquals(DType.F16, t.dtype());
            long[] shape = t.shape();
            long[] stride = new long[shape.length];
            long s = 1;
            for (int d = shape.length - 1; d >= 0; d--) {
                stride[d] = s;
                s *= shape[d];
            }
            p.str(t.name()).tensor("HalfStorage", Integer.toString(i), t.numel(), 0, shape, stride);
            byte[] data = new byte[(int) t.byteSize()];
            t.bytes().get(data);
            zip.storage(Integer.toString(i), data);
        }
        zip.pickle(p.setItems().stop().toByteArray()).write(file);
    }
}
