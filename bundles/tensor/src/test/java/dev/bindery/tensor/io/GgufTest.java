package dev.bindery.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.tensor.DType;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.testing.Golden;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufTest {
    @TempDir
    Path tmp;

    private final Random rnd = new Random(7);

    private Map<String, GgufValue> everyMetadataType() {
        Map<String, GgufValue> m = new LinkedHashMap<>();
        m.put("general.architecture", GgufValue.ofString("llama"));
        m.put("general.name", GgufValue.ofString("tiny ✓ unicode"));
        m.put("u8", new GgufValue(GgufValueType.UINT8, null, 255));
        m.put("i8", new GgufValue(GgufValueType.INT8, null, -128));
        m.put("u16", new GgufValue(GgufValueType.UINT16, null, 65535));
        m.put("i16", new GgufValue(GgufValueType.INT16, null, -32768));
        m.put("llama.block_count", GgufValue.ofUint32(4294967295L));
        m.put("i32", GgufValue.ofInt32(-123456));
        m.put("llama.rope.freq_base", GgufValue.ofFloat32(10000f));
        m.put("flag", GgufValue.ofBool(true));
        m.put("u64", GgufValue.ofUint64(-1L));
        m.put("i64", GgufValue.ofInt64(Long.MIN_VALUE));
        m.put("f64", GgufValue.ofFloat64(Math.E));
        m.put("tokenizer.ggml.tokens", GgufValue.ofStrings(List.of("<unk>", "<s>", "</s>", "▁the", "")));
        m.put("tokenizer.ggml.scores", GgufValue.ofArray(GgufValueType.FLOAT32, List.of(0f, -1.5f, 2.25f)));
        m.put("tokenizer.ggml.token_type", GgufValue.ofArray(GgufValueType.INT32, List.of(2, 3, 3)));
        m.put("nested", GgufValue.ofArray(GgufValueType.ARRAY, List.of(
                GgufValue.ofArray(GgufValueType.UINT8, List.of(1, 2)), GgufValue.ofStrings(List.of("x")))));
        m.put("empty", GgufValue.ofArray(GgufValueType.BOOL, List.of()));
        return m;
    }

    private TensorData random(String name, DType type, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        byte[] b = new byte[(int) type.byteSize(n)];
        rnd.nextBytes(b);
        if (type.isQuantized() || type == DType.F16 || type == DType.BF16) {
            // keep half-precision scales finite so toFloatArray comparisons are meaningful
            for (int i = 1; i < b.length; i += 2) {
                b[i] &= 0x3b;
            }
        }
        return TensorData.of(name, type, shape, ByteBuffer.wrap(b));
    }

    @Test
    void roundTripsMetadataAndEveryTensorTypeWithDefaultAndCustomAlignment() throws Exception {
        List<TensorData> tensors = List.of(
                random("token_embd.weight", DType.F32, 5, 7),
                random("blk.0.attn_q.weight", DType.F16, 3, 4),
                random("blk.0.attn_k.weight", DType.BF16, 2, 2, 3),
                random("blk.0.ffn_up.weight", DType.Q8_0, 3, 64),
                random("blk.0.ffn_down.weight", DType.Q4_0, 2, 32),
                random("blk.0.ffn_gate.weight", DType.Q4_K, 2, 256),
                random("output.weight", DType.Q6_K, 1, 256),
                random("ids", DType.I32, 3),
                random("scalar", DType.F32));
        for (Long alignment : new Long[] {null, 64L, 8L}) {
            Map<String, GgufValue> meta = everyMetadataType();
            if (alignment != null) {
                meta.put("general.alignment", GgufValue.ofUint32(alignment));
            }
            Path f = tmp.resolve("m" + alignment + ".gguf");
            GgufWriter.write(f, meta, tensors);
            try (GgufFile g = GgufFile.open(f)) {
                assertEquals(3, g.version());
                assertEquals(alignment == null ? 32 : alignment, g.alignment());
                assertEquals(meta, g.metadata());
                assertEquals(tensors.stream().map(TensorData::name).toList(), g.names());
                for (TensorData t : tensors) {
                    TensorData back = g.get(t.name());
                    assertEquals(t.dtype(), back.dtype(), t.name());
                    assertArrayEquals(t.shape(), back.shape(), t.name());
                    assertEquals(t.bytes(), back.bytes(), t.name());
                    assertArrayEquals(t.toFloatArray(), back.toFloatArray(), t.name());
                    assertTrue(back.isDirect(), "mapped, not copied");
                }
            }
        }
        assertEquals("llama", everyMetadataType().get("general.architecture").asString());
        assertEquals(4294967295L, everyMetadataType().get("llama.block_count").asLong());
        assertEquals(List.of("<unk>", "<s>", "</s>", "▁the", ""), everyMetadataType().get("tokenizer.ggml.tokens").asStrings());
    }

    /** The byte layout: magic, version 3, counts, then the tensor info with ne reversed and the data aligned. */
    @Test
    void tensorInfoStoresDimensionsFastestFirst() throws Exception {
        TensorData t = TensorData.ofFloats("w", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6});
        Path f = tmp.resolve("layout.gguf");
        GgufWriter.write(f, Map.of(), List.of(t));
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("GGUF", new String(Arrays.copyOf(b.array(), 4), StandardCharsets.US_ASCII));
        assertEquals(3, b.getInt(4));
        assertEquals(1, b.getLong(8));
        assertEquals(0, b.getLong(16));
        assertEquals(1, b.getLong(24)); // name length
        assertEquals('w', b.get(32));
        assertEquals(2, b.getInt(33)); // n_dims
        assertEquals(3, b.getLong(37)); // ne[0] = columns
        assertEquals(2, b.getLong(45)); // ne[1] = rows
        assertEquals(0, b.getInt(53)); // GGML_TYPE_F32
        assertEquals(0, b.getLong(57)); // offset
        int dataStart = 96; // 65 header bytes rounded up to 32
        assertEquals(dataStart + 32, b.capacity(), "tensor data is padded to the alignment, the last one too");
        for (int i = 0; i < 6; i++) {
            assertEquals(i + 1, b.getFloat(dataStart + 4 * i));
        }
    }

    @Test
    void realWeightsSurviveAGgufRoundTrip() throws Exception {
        List<TensorData> tensors;
        try (MetaCheckpoint ckpt = MetaCheckpoint.open(Golden.path("imagebind_llm_tiny/llama/tiny"))) {
            tensors = new ArrayList<>();
            for (String n : ckpt.names()) {
                tensors.add(ckpt.get(n));
            }
        }
        Path f = tmp.resolve("tiny.gguf");
        GgufWriter.write(f, Map.of("general.architecture", GgufValue.ofString("llama")), tensors);
        try (GgufFile g = GgufFile.open(f)) {
            for (TensorData t : tensors) {
                assertEquals(t.bytes(), g.get(t.name()).bytes(), t.name());
                assertArrayEquals(t.shape(), g.shape(t.name()), t.name());
            }
        }
    }

    @Test
    void brokenFilesAreReported() throws Exception {
        Path f = tmp.resolve("ok.gguf");
        Map<String, GgufValue> meta = new LinkedHashMap<>();
        meta.put("general.name", GgufValue.ofString("x"));
        GgufWriter.write(f, meta, List.of(random("blk.0.w", DType.Q8_0, 2, 32)));
        byte[] ok = Files.readAllBytes(f);

        // 68 data bytes padded to 96: cutting 40 bytes from the end cuts into the tensor
        for (int keep : new int[] {ok.length - 40, 60, 30, 10, 2}) {
            Path cut = tmp.resolve("cut" + keep + ".gguf");
            Files.write(cut, Arrays.copyOf(ok, keep));
            assertProblem(cut, keep > 60 ? "'blk.0.w'" : "", keep > 3 ? "truncated" : "magic");
        }
        byte[] magic = ok.clone();
        magic[0] = 'X';
        assertProblem(write("magic.gguf", magic), "", "wrong magic");
        byte[] version = ok.clone();
        version[4] = 9;
        assertProblem(write("version.gguf", version), "", "unsupported GGUF version 9");
        // tensor type id sits after: header 24, key (8+12), type 4, string value (8+1), name (8+7), n_dims 4, ne 16
        int typeAt = 24 + 20 + 4 + 9 + 15 + 4 + 16;
        assertEquals(8, ByteBuffer.wrap(ok).order(ByteOrder.LITTLE_ENDIAN).getInt(typeAt), "Q8_0 id where expected");
        byte[] type = ok.clone();
        type[typeAt] = 3; // GGML_TYPE_Q4_1
        assertProblem(write("type.gguf", type), "'blk.0.w'", "unsupported ggml tensor type 3");
        byte[] kvType = ok.clone();
        kvType[24 + 20] = 99;
        assertProblem(write("kv.gguf", kvType), "general.name", "unknown metadata value type 99");
        assertThrows(IllegalArgumentException.class, () -> GgufWriter.write(tmp.resolve("u8.gguf"), Map.of(),
                List.of(TensorData.of("b", DType.U8, new long[] {1}, ByteBuffer.allocate(1)))));
    }

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(tmp.resolve(name), bytes);
    }

    private static void assertProblem(Path f, String tensor, String problem) {
        FormatException e = assertThrows(FormatException.class, () -> GgufFile.open(f).close());
        String m = e.getMessage();
        assertTrue(m.contains(f.getFileName().toString()) && m.contains(tensor) && m.contains(problem), m);
    }
}
