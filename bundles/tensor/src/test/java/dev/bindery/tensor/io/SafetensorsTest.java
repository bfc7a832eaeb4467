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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path tmp;

    @Test
    void realCheckpointConvertsToSafetensorsAndBack() throws Exception {
        Path out = tmp.resolve("adapter.safetensors");
        List<TensorData> tensors;
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(Golden.path("imagebind_llm_tiny/adapter.pth"))) {
            tensors = new ArrayList<>(ckpt.loadAll().values());
        }
        Safetensors.write(out, tensors, Map.of("format", "pt"));
        try (Safetensors st = Safetensors.open(out)) {
            assertEquals(Map.of("format", "pt"), st.metadata());
            assertEquals(tensors.stream().map(TensorData::name).toList(), st.names());
            for (TensorData t : tensors) {
                TensorData back = st.get(t.name());
                assertEquals(t.dtype(), back.dtype(), t.name());
                assertArrayEquals(t.shape(), back.shape(), t.name());
                assertEquals(t.bytes(), back.bytes(), t.name());
            }
        }
    }

    @Test
    void headerFollowsTheFormat() throws Exception {
        TensorData h = TensorData.ofFloatsAsF16("h", new long[] {3}, new float[] {1, 2, 3});
        TensorData b = TensorData.ofFloatsAsBf16("b", new long[] {1, 2}, new float[] {-1, 0.5f});
        TensorData l = TensorData.ofLongs("l", new long[] {2}, new long[] {7, -7});
        Path f = tmp.resolve("x.safetensors");
        Safetensors.write(f, List.of(h, b, l), null);
        byte[] all = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(0, n % 8, "data is 8-byte aligned");
        Map<String, Object> header = Json.parseObject(new String(all, 8, (int) n, StandardCharsets.UTF_8));
        assertEquals(List.of("h", "b", "l"), new ArrayList<>(header.keySet()));
        @SuppressWarnings("unchecked")
        Map<String, Object> lh = (Map<String, Object>) header.get("l");
        assertEquals("I64", lh.get("dtype"));
        assertEquals(List.of(10L, 26L), lh.get("data_offsets"));
        assertEquals(8 + n + 26, all.length);
        try (Safetensors st = Safetensors.open(f)) {
            assertArrayEquals(new float[] {-1, 0.5f}, st.get("b").toFloatArray());
            assertEquals(DType.BF16, st.get("b").dtype());
            assertArrayEquals(new long[] {7, -7}, st.get("l").toLongArray());
        }
    }

    @Test
    void brokenFilesAreReported() throws Exception {
        Path f = tmp.resolve("ok.safetensors");
        Safetensors.write(f, List.of(TensorData.ofFloats("w", new long[] {4}, new float[] {1, 2, 3, 4})), null);
        byte[] ok = Files.readAllBytes(f);

        Path cut = tmp.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(ok, ok.length - 4));
        assertProblem(cut, "'w'", "truncated");
        Files.write(cut, Arrays.copyOf(ok, 20));
        assertProblem(cut, "", "truncated");

        Path text = tmp.resolve("text.safetensors");
        Files.writeString(text, "hello world, not a safetensors file");
        assertProblem(text, "", "not a safetensors file");

        Path unknown = tmp.resolve("fp8.safetensors");
        Files.write(unknown, withHeader("{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2));
        assertProblem(unknown, "'w'", "unsupported dtype F8_E4M3");

        Path span = tmp.resolve("span.safetensors");
        Files.write(span, withHeader("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", 8));
        assertProblem(span, "'w'", "needs 8");
    }

    private static byte[] withHeader(String json, int dataBytes) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).array();
    }

    private static void assertProblem(Path f, String tensor, String problem) {
        FormatException e = assertThrows(FormatException.class, () -> Safetensors.open(f).close());
        String m = e.getMessage();
        assertTrue(m.contains(f.getFileName().toString()) && m.contains(tensor) && m.contains(problem), m);
    }
}
