package dev.bindery.llama.internal.tokenizer;

import dev.bindery.tensor.io.GgufValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link TokenizerModel} from a GGUF file's {@code tokenizer.ggml.*} metadata, for LLaMA models converted by
 * llama.cpp ({@code tokenizer.ggml.model = "llama"}: SentencePiece BPE with scores and SentencePiece's token types).
 * The normalisation is LLaMA's (identity, spaces escaped, dummy prefix unless {@code add_space_prefix} is false);
 * byte fallback is on when all 256 byte tokens exist. A padding id that is not a control token is ignored (some
 * conversions point it at {@code <unk>}); begin/end-of-sequence ids must be control tokens.
 */
public final class GgufVocabularyReader {
    private static final String PREFIX = "tokenizer.ggml.";

    private GgufVocabularyReader() {
    }

    /**
     * @param metadata the GGUF metadata ({@code GgufFile.metadata()})
     * @param source   names the file in error messages
     * @throws TokenizerFormatException if keys are missing, of the wrong type or inconsistent, or the tokenizer is
     *                                  not SentencePiece-style
     */
    public static TokenizerModel read(Map<String, GgufValue> metadata, String source) throws TokenizerFormatException {
        String model = string(metadata, "model", source);
        if (!model.equals("llama")) {
            throw new TokenizerFormatException(source + ": " + PREFIX + "model is '" + model
                    + "'; only 'llama' (SentencePiece BPE) tokenizers are supported");
        }
        List<String> tokens = list(metadata, "tokens", source).stream().map(String.class::cast).toList();
        List<?> rawScores = list(metadata, "scores", source);
        List<?> rawTypes = list(metadata, "token_type", source);
        if (rawScores.size() != tokens.size() || rawTypes.size() != tokens.size()) {
            throw new TokenizerFormatException(source + ": " + tokens.size() + " tokens but " + rawScores.size()
                    + " scores and " + rawTypes.size() + " token types");
        }
        float[] scores = new float[tokens.size()];
        List<PieceType> types = new ArrayList<>(tokens.size());
        for (int i = 0; i < scores.length; i++) {
            scores[i] = ((Number) rawScores.get(i)).floatValue();
            int number = ((Number) rawTypes.get(i)).intValue();
            PieceType type = PieceType.ofNumber(number);
            if (type == null) {
                throw new TokenizerFormatException(source + ": " + PREFIX + "token_type[" + i + "] is " + number
                        + ", not a SentencePiece token type");
            }
            types.add(type);
        }
        int pad = id(metadata, "padding_token_id", source);
        if (pad >= 0 && (pad >= types.size() || types.get(pad) != PieceType.CONTROL)) {
            pad = -1;
        }
        Vocabulary vocabulary = new Vocabulary(tokens, scores, types, id(metadata, "bos_token_id", source),
                id(metadata, "eos_token_id", source), pad, source);
        int unk = id(metadata, "unknown_token_id", source);
        if (unk >= 0 && unk != vocabulary.unkId()) {
            throw new TokenizerFormatException(source + ": " + PREFIX + "unknown_token_id is " + unk
                    + " but the unknown token is " + vocabulary.unkId());
        }
        GgufValue spacePrefix = metadata.get(PREFIX + "add_space_prefix");
        NormalizerOptions normalizer = new NormalizerOptions("identity", false,
                spacePrefix == null || spacePrefix.asBool(), false, true, false);
        return new TokenizerModel(source, ModelType.BPE, vocabulary, normalizer, vocabulary.hasAllBytes(),
                TokenizerModel.DEFAULT_UNK_SURFACE);
    }

    private static GgufValue value(Map<String, GgufValue> metadata, String key, String source)
            throws TokenizerFormatException {
        GgufValue v = metadata.get(PREFIX + key);
        if (v == null) {
            throw new TokenizerFormatException(source + ": metadata key " + PREFIX + key + " is missing");
        }
        return v;
    }

    private static String string(Map<String, GgufValue> metadata, String key, String source)
            throws TokenizerFormatException {
        GgufValue v = value(metadata, key, source);
        if (!(v.value() instanceof String s)) {
            throw new TokenizerFormatException(source + ": " + PREFIX + key + " is a " + v.type() + ", not a string");
        }
        return s;
    }

    private static List<?> list(Map<String, GgufValue> metadata, String key, String source)
            throws TokenizerFormatException {
        GgufValue v = value(metadata, key, source);
        if (!(v.value() instanceof List<?> l)) {
            throw new TokenizerFormatException(source + ": " + PREFIX + key + " is a " + v.type() + ", not an array");
        }
        return l;
    }

    /** An optional token id, -1 when absent. */
    private static int id(Map<String, GgufValue> metadata, String key, String source)
            throws TokenizerFormatException {
        GgufValue v = metadata.get(PREFIX + key);
        if (v == null) {
            return -1;
        }
        if (!(v.value() instanceof Number n)) {
            throw new TokenizerFormatException(source + ": " + PREFIX + key + " is a " + v.type() + ", not an integer");
        }
        return Math.toIntExact(n.longValue());
    }
}
