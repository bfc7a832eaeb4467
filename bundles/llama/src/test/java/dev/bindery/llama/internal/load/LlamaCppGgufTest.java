package dev.bindery.llama.internal.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.BinderyException;
import dev.bindery.llama.internal.load.TensorNames.Projection;
import dev.bindery.llama.internal.model.Llama;
import dev.bindery.llama.internal.model.LlamaConfig;
import dev.bindery.llama.internal.model.LlamaState;
import dev.bindery.llama.internal.tokenizer.GgufVocabularyWriter;
import dev.bindery.llama.testing.TinyLlama;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.GgufValue;
import dev.bindery.tensor.io.GgufWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain LLaMA GGUF as llama.cpp's converter makes it from a Hugging Face checkpoint: HF's conversion permuted the
 * q/k rows of every head (Meta row {@code 2i + j} became HF row {@code j * d/2 + i}), and llama.cpp's converter
 * applies the inverse permutation before writing. The test performs both permutations on the fixtures' base LLaMA,
 * writes the file with llama.cpp's metadata keys only, and requires the same logits as the Meta checkpoint; a file
 * left in HF order must give different logits (so the check can fail).
 */
class LlamaCppGgufTest {

    @Test
    void llamaCppConversionOfAnHfCheckpointLoadsAsTheMetaModel(@TempDir Path tmp) throws IOException, BinderyException {
        WeightSet meta = TinyLlama.baseWeights();
        Path converted = tmp.resolve("llamacpp.gguf");
        write(meta, converted, true);
        Llama reference = TinyLlama.build(meta);
        Llama fromGguf = TinyLlama.build(GgufSource.read(converted));
        float[] a = logits(reference);
        float[] b = logits(fromGguf);
        assertArrayEquals(a, b, "same logits as the Meta checkpoint");

        Path hfOrder = tmp.resolve("hf-order.gguf");
        write(meta, hfOrder, false);
        float[] c = logits(TinyLlama.build(GgufSource.read(hfOrder)));
        double diff = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - c[i]));
        }
        assertTrue(diff > 1e-2, "q/k rows in HF order must change the model, max |diff| " + diff);
        assertFalse(LlamaBuilder.hasFinetune(meta), "plain LLaMA has no fine-tune tensors");
    }

    private static float[] logits(Llama llama) throws BinderyException {
        int[] prompt = TinyLlama.ints("logits/prompt_ids.npy");
        float[] all = new float[prompt.length * llama.config().vocabSize()];
        LlamaState s = llama.newState(TinyLlama.CONTEXT, null);
        llama.forward(s, prompt, 0, all);
        return all;
    }

    /** Writes the base model with llama.cpp's keys; q/k go through HF's permutation and, if asked, llama.cpp's inverse. */
    private static void write(WeightSet ws, Path file, boolean reverseHf) throws IOException {
        LlamaConfig c = ws.config();
        Map<String, GgufValue> meta = new LinkedHashMap<>();
        meta.put("general.architecture", GgufValue.ofString("llama"));
        meta.put("general.name", GgufValue.ofString("converted"));
        meta.put("llama.context_length", GgufValue.ofUint32(2048));
        meta.put("llama.embedding_length", GgufValue.ofUint32(c.dim()));
        meta.put("llama.block_count", GgufValue.ofUint32(c.nLayers()));
        meta.put("llama.feed_forward_length", GgufValue.ofUint32(c.hiddenDim()));
        meta.put("llama.rope.dimension_count", GgufValue.ofUint32(c.headDim()));
        meta.put("llama.attention.head_count", GgufValue.ofUint32(c.nHeads()));
        meta.put("llama.attention.layer_norm_rms_epsilon", GgufValue.ofFloat32(c.normEps()));
        meta.put("general.file_type", GgufValue.ofUint32(1));
        meta.putAll(GgufVocabularyWriter.metadata(ws.tokenizer()));
        List<TensorData> tensors = new ArrayList<>();
        for (Map.Entry<String, TensorData> e : ws.tensors().entrySet()) {
            TensorData t = e.getValue().withName(e.getKey());
            boolean qk = false;
            for (int l = 0; l < c.nLayers(); l++) {
                qk |= e.getKey().equals(TensorNames.weight(l, Projection.Q))
                        || e.getKey().equals(TensorNames.weight(l, Projection.K));
            }
            if (qk) {
                t = permuteRows(t, c.nHeads(), true);
                if (reverseHf) {
                    t = permuteRows(t, c.nHeads(), false);
                }
            }
            tensors.add(t);
        }
        GgufWriter.write(file, meta, tensors);
    }

    /**
     * HF's {@code w.view(heads, d/2, 2, in).transpose(1, 2)} (Meta to HF), or llama.cpp's
     * {@code w.reshape(heads, 2, d/2, in).swapaxes(1, 2)} (HF back to Meta), on whole rows of any element size.
     */
    private static TensorData permuteRows(TensorData t, int heads, boolean metaToHf) {
        int rows = (int) t.dim(0);
        int headDim = rows / heads;
        int half = headDim / 2;
        int rowBytes = (int) (t.byteSize() / rows);
        ByteBuffer src = t.bytes();
        ByteBuffer dst = ByteBuffer.allocate((int) t.byteSize());
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < half; i++) {
                for (int j = 0; j < 2; j++) {
                    int meta = h * headDim + 2 * i + j;
                    int hf = h * headDim + j * half + i;
                    int from = metaToHf ? meta : hf;
                    int to = metaToHf ? hf : meta;
                    for (int b = 0; b < rowBytes; b++) {
                        dst.put(to * rowBytes + b, src.get(from * rowBytes + b));
                    }
                }
            }
        }
        assertEquals(rows * rowBytes, dst.capacity());
        return TensorData.of(t.name(), t.dtype(), t.shape(), dst);
    }
}
