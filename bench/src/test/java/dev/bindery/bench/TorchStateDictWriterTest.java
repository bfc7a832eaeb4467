package dev.bindery.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.TorchCheckpoint;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The temporary checkpoints the audio benchmark writes read back, through the project's reader, as written. */
class TorchStateDictWriterTest {
    @TempDir
    Path tmp;

    @Test
    void aWrittenStateDictReadsBackKeyForKey() throws Exception {
        Map<String, TensorData> dict = new LinkedHashMap<>();
        dict.put("a.weight", TensorData.ofFloats("a.weight", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, -6}));
        dict.put("a.bias", TensorData.ofFloats("a.bias", new long[] {3}, new float[] {0.5f, -0.25f, 1e-7f}));
        dict.put("scale", TensorData.ofFloats("scale", new long[0], new float[] {2.5f}));
        dict.put("cube", TensorData.ofFloats("cube", new long[] {1, 2, 2}, new float[] {9, 8, 7, 6}));
        Path file = tmp.resolve("dict.pth");
        TorchStateDictWriter.write(file, dict);
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(file)) {
            assertEquals(List.copyOf(dict.keySet()), List.copyOf(ckpt.names()));
            for (Map.Entry<String, TensorData> e : dict.entrySet()) {
                TensorData read = ckpt.get(e.getKey());
                assertArrayEquals(e.getValue().shape(), read.shape(), e.getKey());
                assertArrayEquals(e.getValue().toFloatArray(), read.toFloatArray(), e.getKey());
            }
        }
    }

    @Test
    void onlyFloat32IsWritten() {
        Map<String, TensorData> dict = Map.of("ids", TensorData.ofLongs("ids", new long[] {2}, new long[] {1, 2}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TorchStateDictWriter.write(tmp.resolve("ids.pth"), dict));
        assertEquals(true, e.getMessage().contains("ids"), e.getMessage());
    }
}
