package dev.bindery.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.tensor.DType;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The real fixture checkpoints load with every key, shape and dtype their manifests list, and the right values. */
class TorchCheckpointGoldenTest {

    /** Every .pth file listed in any manifest, with the key table it states. */
    @Test
    void everyManifestCheckpointLoadsEveryListedKeyWithItsShapeAndDtype() throws Exception {
        int checked = 0;
        for (String group : List.of("preprocess", "imagebind_tiny", "imagebind_llm_tiny")) {
            Manifest m = Golden.manifest(group);
            for (String file : m.files(f -> f.endsWith(".pth"))) {
                @SuppressWarnings("unchecked")
                Map<String, Object> keys = (Map<String, Object>) m.entry(file).get("keys");
                try (TorchCheckpoint ckpt = TorchCheckpoint.open(m.path(file))) {
                    assertEquals(new ArrayList<>(keys.keySet()), ckpt.names(), group + "/" + file + " key order");
                    long elements = 0;
                    for (Map.Entry<String, Object> e : keys.entrySet()) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> info = (Map<String, Object>) e.getValue();
                        TensorData t = ckpt.get(e.getKey());
                        String what = group + "/" + file + " " + e.getKey();
                        assertArrayEquals(Manifest.toShape(info.get("shape")), t.shape(), what);
                        assertEquals(info.get("dtype"), NpyGoldenTest.numpyName(t.dtype()), what);
                        elements += t.numel();
                        checked++;
                    }
                    Object n = m.entry(file).get("n_elements");
                    if (n != null) {
                        assertEquals(((Number) n).longValue(), elements, file + " n_elements");
                    }
                }
            }
        }
        assertTrue(checked > 250, "expected the three fixture checkpoints, checked " + checked + " tensors");
    }

    /** bind/after_proj.npy = bind_input @ image_bind_proj.weight^T + bias, per the adapter's float32 weights. */
    @Test
    void adapterProjectionReproducesTheGoldenBindNetworkFirstStep() throws Exception {
        Manifest m = Golden.manifest("imagebind_llm_tiny");
        TensorData x = Npy.read(m.path("bind/bind_input.npy"));
        TensorData expected = Npy.read(m.path("bind/after_proj.npy"));
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(m.path("adapter.pth"))) {
            TensorData w = ckpt.get("image_bind_proj.weight");
            TensorData b = ckpt.get("image_bind_proj.bias");
            assertEquals(DType.F32, w.dtype());
            int rows = (int) x.dim(0);
            int in = (int) x.dim(1);
            int out = (int) w.dim(0);
            assertEquals(in, w.dim(1));
            float[] xv = x.toFloatArray();
            float[] wv = w.toFloatArray();
            float[] bv = b.toFloatArray();
            double[] y = new double[rows * out];
            for (int r = 0; r < rows; r++) {
                for (int o = 0; o < out; o++) {
                    double s = bv[o];
                    for (int i = 0; i < in; i++) {
                        s += (double) xv[r * in + i] * wv[o * in + i];
                    }
                    y[r * out + o] = s;
                }
            }
            Golden.assertClose(expected, y, m.tolerance("bind/after_proj.npy"), "adapter image_bind_proj");
        }
    }

    /** Text trunk input tokens = token_embedding[ids] + pos_embed, for every text case of the fixture. */
    @Test
    void imagebindTextEmbeddingsReproduceTheGoldenTrunkTokens() throws Exception {
        Manifest m = Golden.manifest("imagebind_tiny");
        long[] ids = Golden.npy("preprocess/text/ids_imagebind_llm.npy").toLongArray();
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(m.path("imagebind_tiny.pth"))) {
            TensorData table = ckpt.get("modality_preprocessors.text.token_embedding.weight");
            TensorData pos = ckpt.get("modality_preprocessors.text.pos_embed");
            float[] tv = table.toFloatArray();
            float[] pv = pos.toFloatArray();
            int len = (int) pos.dim(1);
            int dim = (int) pos.dim(2);
            List<String> cases = m.npyFiles("intermediates/text/");
            cases.removeIf(f -> !f.endsWith(".tokens.npy"));
            assertFalse(cases.isEmpty());
            for (int c = 0; c < cases.size(); c++) {
                String file = cases.get(c);
                int row = Integer.parseInt(file.substring("intermediates/text/".length(), file.indexOf('_', 19)));
                float[] got = new float[len * dim];
                for (int t = 0; t < len; t++) {
                    int id = (int) ids[row * len + t];
                    for (int d = 0; d < dim; d++) {
                        got[t * dim + d] = tv[id * dim + d] + pv[t * dim + d];
                    }
                }
                Golden.assertClose(Npy.read(m.path(file)), got, m.tolerance(file), file);
            }
        }
    }

    /** The float16 Meta weights upcast exactly: each value equals the binary16 definition of its bits. */
    @Test
    void llamaHalfWeightsUpcastExactly() throws Exception {
        Manifest m = Golden.manifest("imagebind_llm_tiny");
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(m.path("llama/tiny/consolidated.00.pth"))) {
            for (String name : ckpt.names()) {
                TensorData t = ckpt.get(name);
                assertEquals(DType.F16, t.dtype(), name);
                assertTrue(t.isDirect(), name + " should be a mapped slice, not a copy");
                float[] f = t.toFloatArray();
                ByteBuffer raw = t.bytes();
                for (int i = 0; i < f.length; i++) {
                    int h = raw.getShort(2 * i) & 0xffff;
                    int e = (h >>> 10) & 0x1f;
                    int mant = h & 0x3ff;
                    double v = e == 0 ? Math.scalb((double) mant, -24) : Math.scalb(1024.0 + mant, e - 25);
                    assertEquals((h & 0x8000) != 0 ? -v : v, f[i], 0.0, name + "[" + i + "]");
                }
            }
        }
    }
}
