package dev.bindery.llama.internal.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.BinderyException;
import dev.bindery.llama.internal.load.TensorNames.Projection;
import dev.bindery.llama.internal.model.Llama;
import dev.bindery.llama.internal.model.LlamaConfig;
import dev.bindery.llama.internal.model.LlamaState;
import dev.bindery.llama.internal.tokenizer.SentencePieceTokenizer;
import dev.bindery.llama.testing.TinyLlama;
import dev.bindery.tensor.TensorData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random weights of any shape (what the benchmark uses): they build and run in every format, survive GGUF, and
 * exercise grouped-query attention, which must equal multi-head attention with each key/value head repeated.
 */
class SyntheticWeightsTest {
    private static final LlamaConfig GQA = new LlamaConfig(128, 2, 4, 2, 256, 300, 1e-5f, 10000);

    private static float[] allLogits(Llama llama, int[] prompt) throws BinderyException {
        float[] all = new float[prompt.length * llama.config().vocabSize()];
        LlamaState s = llama.newState(64, null);
        llama.forward(s, prompt, 0, all);
        return all;
    }

    private static final int[] PROMPT = {1, 5, 77, 260, 299, 3, 42, 42, 8, 150};

    @Test
    void groupedQueryAttentionEqualsRepeatedKeyValueHeads() throws BinderyException {
        WeightSet gqa = SyntheticWeights.random(GQA, WeightFormat.F32, 7);
        LlamaConfig mha = new LlamaConfig(128, 2, 4, 4, 256, 300, 1e-5f, 10000);
        Map<String, TensorData> t = new LinkedHashMap<>(gqa.tensors());
        for (int l = 0; l < 2; l++) {
            for (Projection p : new Projection[] {Projection.K, Projection.V}) {
                t.put(TensorNames.weight(l, p), repeatHeads(t.get(TensorNames.weight(l, p)), 2, 2, 32));
            }
        }
        WeightSet repeated = new WeightSet("repeated", mha, gqa.tokenizer(), t, Map.of());
        float[] a = allLogits(TinyLlama.build(gqa), PROMPT);
        float[] b = allLogits(TinyLlama.build(repeated), PROMPT);
        assertArrayEquals(b, a, 1e-5f);
    }

    @Test
    void everyFormatBuildsRunsAndStaysCloseToF32(@TempDir Path tmp) throws IOException, BinderyException {
        float[] reference = allLogits(TinyLlama.build(SyntheticWeights.random(GQA, WeightFormat.F32, 3)), PROMPT);
        for (WeightFormat f : WeightFormat.values()) {
            WeightSet ws = SyntheticWeights.random(GQA, f, 3);
            Llama llama = TinyLlama.build(ws);
            float[] logits = allLogits(llama, PROMPT);
            double err = 0;
            double ref = 0;
            for (int i = 0; i < logits.length; i++) {
                assertTrue(Float.isFinite(logits[i]), f + " logit " + i);
                err += Math.pow(logits[i] - reference[i], 2);
                ref += Math.pow(reference[i], 2);
            }
            double rel = Math.sqrt(err / ref);
            assertTrue(rel < (f == WeightFormat.Q4_0 ? 0.25 : 0.02), f + ": relative RMS vs F32 " + rel);

            Path file = tmp.resolve(f + ".gguf");
            GgufExport.write(ws, 64, file);
            assertArrayEquals(logits, allLogits(TinyLlama.build(GgufSource.read(file)), PROMPT), f + " via GGUF");
        }
    }

    @Test
    void thePlaceholderVocabularyTokenizesAnything() throws IOException {
        SentencePieceTokenizer tok = new SentencePieceTokenizer(SyntheticWeights.placeholderTokenizer(300));
        assertEquals(300, tok.vocabularySize());
        String text = "Any text, even ünïcödé ✓";
        int[] ids = tok.encode(text, true, false);
        assertEquals(1, ids[0]);
        assertEquals(text, tok.decode(ids));
    }

    /** (kvHeads * headDim, in) rows to (kvHeads * group * headDim, in): each key/value head repeated group times. */
    private static TensorData repeatHeads(TensorData w, int kvHeads, int group, int headDim) {
        int cols = (int) w.dim(1);
        float[] src = w.toFloatArray();
        float[] dst = new float[kvHeads * group * headDim * cols];
        for (int h = 0; h < kvHeads * group; h++) {
            System.arraycopy(src, (h / group) * headDim * cols, dst, h * headDim * cols, headDim * cols);
        }
        return TensorData.ofFloats(w.name(), new long[] {kvHeads * group * headDim, cols}, dst);
    }
}
