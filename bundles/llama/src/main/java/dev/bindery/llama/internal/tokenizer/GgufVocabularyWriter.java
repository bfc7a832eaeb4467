package dev.bindery.llama.internal.tokenizer;

import dev.bindery.tensor.io.GgufValue;
import dev.bindery.tensor.io.GgufValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inverse of {@link GgufVocabularyReader}: llama.cpp's {@code tokenizer.ggml.*} metadata for a SentencePiece BPE
 * model, so that a GGUF file carries its tokenizer. Only models whose behaviour the metadata can express are
 * written (the reader assumes LLaMA's normalisation); anything else is refused rather than silently changed.
 */
public final class GgufVocabularyWriter {
    private GgufVocabularyWriter() {
    }

    /**
     * @throws TokenizerFormatException if the model is not BPE, normalises other than LLaMA's way, has byte fallback
     *                                  without all 256 byte pieces (or the reverse), or a non-default unknown surface
     */
    public static Map<String, GgufValue> metadata(TokenizerModel model) throws TokenizerFormatException {
        NormalizerOptions n = model.normalizer();
        Vocabulary v = model.vocabulary();
        if (model.modelType() != ModelType.BPE || n.hasCharsMap() || n.removeExtraWhitespaces()
                || !n.escapeWhitespaces() || n.treatWhitespaceAsSuffix()
                || model.byteFallback() != v.hasAllBytes()
                || !model.unkSurface().equals(TokenizerModel.DEFAULT_UNK_SURFACE)) {
            throw new TokenizerFormatException(model.source() + ": this tokenizer's options (" + model.modelType()
                    + ", " + n + ", byte fallback " + model.byteFallback()
                    + ") cannot be expressed in GGUF tokenizer.ggml metadata");
        }
        List<String> tokens = new ArrayList<>(v.size());
        List<Float> scores = new ArrayList<>(v.size());
        List<Integer> types = new ArrayList<>(v.size());
        for (int id = 0; id < v.size(); id++) {
            tokens.add(v.piece(id));
            scores.add(v.score(id));
            types.add(v.type(id).number());
        }
        Map<String, GgufValue> m = new LinkedHashMap<>();
        m.put("tokenizer.ggml.model", GgufValue.ofString("llama"));
        m.put("tokenizer.ggml.tokens", GgufValue.ofStrings(tokens));
        m.put("tokenizer.ggml.scores", GgufValue.ofArray(GgufValueType.FLOAT32, scores));
        m.put("tokenizer.ggml.token_type", GgufValue.ofArray(GgufValueType.INT32, types));
        m.put("tokenizer.ggml.unknown_token_id", GgufValue.ofUint32(v.unkId()));
        if (v.bosId() >= 0) {
            m.put("tokenizer.ggml.bos_token_id", GgufValue.ofUint32(v.bosId()));
        }
        if (v.eosId() >= 0) {
            m.put("tokenizer.ggml.eos_token_id", GgufValue.ofUint32(v.eosId()));
        }
        if (v.padId() >= 0) {
            m.put("tokenizer.ggml.padding_token_id", GgufValue.ofUint32(v.padId()));
        }
        m.put("tokenizer.ggml.add_space_prefix", GgufValue.ofBool(n.addDummyPrefix()));
        return m;
    }
}
