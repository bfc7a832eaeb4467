package dev.bindery.llama.internal.load;

import dev.bindery.llama.internal.load.TensorNames.Projection;
import dev.bindery.llama.internal.model.LlamaConfig;
import dev.bindery.llama.internal.tokenizer.ModelType;
import dev.bindery.llama.internal.tokenizer.NormalizerOptions;
import dev.bindery.llama.internal.tokenizer.PieceType;
import dev.bindery.llama.internal.tokenizer.TokenizerFormatException;
import dev.bindery.llama.internal.tokenizer.TokenizerModel;
import dev.bindery.llama.internal.tokenizer.Vocabulary;
import dev.bindery.tensor.DType;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.quant.Quantizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random LLaMA weights of any shape, for benchmarks and tests that need real sizes but no real model: every matrix
 * uniform in {@code +-sqrt(3 / fan_in)} (the variance of {@code N(0, 1/fan_in)}), norms 1, no fine-tune or adapter,
 * and a placeholder SentencePiece vocabulary of the configured size. The weight set can be built
 * ({@link LlamaBuilder}) or written as a GGUF file ({@link GgufExport}) that llama.cpp also reads.
 */
public final class SyntheticWeights {
    private SyntheticWeights() {
    }

    /**
     * @param format the storage format of the large matrices ({@link WeightFormat#STORED} means F16)
     * @param seed   makes the weights reproducible
     */
    public static WeightSet random(LlamaConfig c, WeightFormat format, long seed) {
        DType type = format == WeightFormat.STORED ? DType.F16 : format.dtype();
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, TensorData> t = new LinkedHashMap<>();
        put(t, TensorNames.TOKEN_EMBEDDING, c.vocabSize(), c.dim(), 1.0, type, random);
        for (int l = 0; l < c.nLayers(); l++) {
            t.put(TensorNames.attentionNorm(l), ones(TensorNames.attentionNorm(l), c.dim()));
            put(t, TensorNames.weight(l, Projection.Q), c.dim(), c.dim(), c.dim(), type, random);
            put(t, TensorNames.weight(l, Projection.K), c.kvDim(), c.dim(), c.dim(), type, random);
            put(t, TensorNames.weight(l, Projection.V), c.kvDim(), c.dim(), c.dim(), type, random);
            put(t, TensorNames.weight(l, Projection.O), c.dim(), c.dim(), c.dim(), type, random);
            t.put(TensorNames.ffnNorm(l), ones(TensorNames.ffnNorm(l), c.dim()));
            put(t, TensorNames.weight(l, Projection.GATE), c.hiddenDim(), c.dim(), c.dim(), type, random);
            put(t, TensorNames.weight(l, Projection.DOWN), c.dim(), c.hiddenDim(), c.hiddenDim(), type, random);
            put(t, TensorNames.weight(l, Projection.UP), c.hiddenDim(), c.dim(), c.dim(), type, random);
        }
        t.put(TensorNames.OUTPUT_NORM, ones(TensorNames.OUTPUT_NORM, c.dim()));
        put(t, TensorNames.OUTPUT, c.vocabSize(), c.dim(), c.dim(), type, random);
        return new WeightSet("random weights (seed " + seed + ", " + c + ")", c, placeholderTokenizer(c.vocabSize()),
                t, Map.of());
    }

    /**
     * A valid SentencePiece BPE vocabulary of {@code size} pieces (at least 260): {@code <unk>}, {@code <s>},
     * {@code </s>}, the 256 byte pieces, the space piece, then made-up pieces. It tokenizes any text (through byte fallback) but
     * means nothing.
     */
    public static TokenizerModel placeholderTokenizer(int size) {
        if (size < 260) {
            throw new IllegalArgumentException("a vocabulary with byte fallback needs at least 260 pieces, not " + size);
        }
        List<String> pieces = new ArrayList<>(size);
        List<PieceType> types = new ArrayList<>(size);
        float[] scores = new float[size];
        pieces.add("<unk>");
        types.add(PieceType.UNKNOWN);
        pieces.add("<s>");
        types.add(PieceType.CONTROL);
        pieces.add("</s>");
        types.add(PieceType.CONTROL);
        for (int b = 0; b < 256; b++) {
            pieces.add(Vocabulary.bytePiece(b));
            types.add(PieceType.BYTE);
        }
        pieces.add(String.valueOf(NormalizerOptions.SPACE_SYMBOL)); // so that spaces have a piece of their own
        types.add(PieceType.NORMAL);
        scores[pieces.size() - 1] = -1;
        for (int i = pieces.size(); i < size; i++) {
            pieces.add("\u2581p" + i);
            types.add(PieceType.NORMAL);
            scores[i] = -i;
        }
        try {
            Vocabulary v = new Vocabulary(pieces, scores, types, 1, 2, -1, "placeholder vocabulary");
            return new TokenizerModel("placeholder vocabulary", ModelType.BPE, v, NormalizerOptions.llama(), true,
                    TokenizerModel.DEFAULT_UNK_SURFACE);
        } catch (TokenizerFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TensorData ones(String name, int n) {
        float[] v = new float[n];
        Arrays.fill(v, 1f);
        return TensorData.ofFloats(name, new long[] {n}, v);
    }

    private static void put(Map<String, TensorData> t, String name, int rows, int cols, double fanIn, DType type,
            SplittableRandom random) {
        float a = (float) Math.sqrt(3.0 / fanIn);
        float[] v = new float[Math.multiplyExact(rows, cols)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((random.nextDouble() * 2 - 1) * a);
        }
        long[] shape = {rows, cols};
        t.put(name, switch (type) {
            case F32 -> TensorData.ofFloats(name, shape, v);
            case F16 -> TensorData.ofFloatsAsF16(name, shape, v);
            case Q8_0, Q4_0 -> Quantizer.quantize(name, shape, v, type);
            default -> throw new IllegalArgumentException("no synthetic weights in " + type);
        });
    }
}
