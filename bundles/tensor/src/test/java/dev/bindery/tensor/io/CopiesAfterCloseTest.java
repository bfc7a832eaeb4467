package dev.bindery.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.tensor.DType;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.kernel.Matrices;
import dev.bindery.tensor.quant.Quantizer;
import dev.bindery.tensor.testing.Golden;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A loader closes the file before it copies the weights: the tensors the readers map must still copy (from the file,
 * through their own channel) to the same values as the bytes they hold.
 */
class CopiesAfterCloseTest {
    @TempDir
    Path tmp;

    private static List<TensorData> tensors() {
        SplittableRandom r = new SplittableRandom(9);
        float[] v = new float[64 * 96];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        long[] shape = {64, 96};
        return List.of(TensorData.ofFloats("f32", shape, v), TensorData.ofFloatsAsF16("f16", shape, v),
                Quantizer.quantize("q8", shape, v, DType.Q8_0), Quantizer.quantize("q4", shape, v, DType.Q4_0));
    }

    private static void assertCopiesMatch(TensorData expected, TensorData mapped) {
        assertTrue(mapped.isDirect(), mapped.name() + " is mapped");
        byte[] want = new byte[(int) expected.byteSize()];
        expected.bytes().get(want);
        byte[] copy = new byte[want.length];
        mapped.copyBytes(0, copy, 0, copy.length);
        assertArrayEquals(want, copy, mapped.name());
        assertArrayEquals(expected.toFloatArray(), mapped.toFloatArray(), mapped.name());
        if (mapped.rank() == 2 && (mapped.dtype().isFloatingPoint() || mapped.dtype().isQuantized())) {
            assertArrayEquals(Matrices.of(expected).toFloatArray(), Matrices.of(mapped).toFloatArray(), mapped.name());
        }
    }

    @Test
    void ggufTensors() throws Exception {
        Path f = tmp.resolve("m.gguf");
        GgufWriter.write(f, new LinkedHashMap<>(), tensors());
        Map<String, TensorData> back;
        try (GgufFile g = GgufFile.open(f)) {
            back = g.loadAll();
        }
        for (TensorData t : tensors()) {
            assertCopiesMatch(t, back.get(t.name()));
        }
    }

    @Test
    void safetensorsTensors() throws Exception {
        Path f = tmp.resolve("m.safetensors");
        List<TensorData> floats = tensors().subList(0, 2);
        Safetensors.write(f, floats, null);
        Map<String, TensorData> back;
        try (Safetensors s = Safetensors.open(f)) {
            back = s.loadAll();
        }
        for (TensorData t : floats) {
            assertCopiesMatch(t, back.get(t.name()));
        }
    }

    @Test
    void torchCheckpointTensors() throws Exception {
        Path pth = Golden.path("imagebind_llm_tiny/adapter.pth");
        Map<String, TensorData> back;
        try (TorchCheckpoint c = TorchCheckpoint.open(pth)) {
            back = c.loadAll();
        }
        int checked = 0;
        for (TensorData m : back.values()) {
            if (!m.isDirect() || m.byteSize() == 0) {
                continue;
            }
            byte[] viaMapping = new byte[(int) m.byteSize()];
            m.bytes().get(viaMapping);
            TensorData heap = TensorData.of(m.name(), m.dtype(), m.shape(), ByteBuffer.wrap(viaMapping));
            assertCopiesMatch(heap, m);
            checked++;
        }
        assertTrue(checked > 3, "the adapter has mapped tensors");
    }
}
