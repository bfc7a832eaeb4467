package dev.bindery.tensor.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Meta's LLaMA {@code params.json}. Absent fields take Meta's {@code ModelArgs} defaults: {@code n_kv_heads} =
 * {@code n_heads}, {@code vocab_size} -1 (take it from the tokenizer), {@code multiple_of} 256,
 * {@code ffn_dim_multiplier} none (null), {@code norm_eps} 1e-5, {@code rope_theta} 10000.
 *
 * @param dim               model width
 * @param nLayers           number of transformer blocks
 * @param nHeads            attention heads
 * @param nKvHeads          key/value heads (grouped-query attention when fewer than nHeads)
 * @param vocabSize         vocabulary size, -1 when it comes from the tokenizer
 * @param multipleOf        the FFN width is rounded up to a multiple of this
 * @param ffnDimMultiplier  optional FFN width multiplier (LLaMA 2 70B, LLaMA 3), null when absent
 * @param normEps           RMSNorm epsilon
 * @param ropeTheta         RoPE base frequency
 */
public record LlamaParams(int dim, int nLayers, int nHeads, int nKvHeads, int vocabSize, int multipleOf,
                          Double ffnDimMultiplier, double normEps, double ropeTheta) {

    /** Reads and parses a params.json file. */
    public static LlamaParams read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Parses params.json text.
     *
     * @param source names the origin in error messages
     */
    public static LlamaParams parse(String json, String source) throws FormatException {
        Map<String, Object> m;
        try {
            m = Json.parseObject(json);
        } catch (IllegalArgumentException e) {
            throw new FormatException(source, null, "not valid JSON: " + e.getMessage(), e);
        }
        int nHeads = intField(m, "n_heads", null, source);
        Double mult = m.get("ffn_dim_multiplier") == null ? null : number(m, "ffn_dim_multiplier", source).doubleValue();
        return new LlamaParams(
                intField(m, "dim", null, source),
                intField(m, "n_layers", null, source),
                nHeads,
                intField(m, "n_kv_heads", nHeads, source),
                intField(m, "vocab_size", -1, source),
                intField(m, "multiple_of", 256, source),
                mult,
                m.get("norm_eps") == null ? 1e-5 : number(m, "norm_eps", source).doubleValue(),
                m.get("rope_theta") == null ? 10000.0 : number(m, "rope_theta", source).doubleValue());
    }

    /** Width of one attention head: dim / nHeads. */
    public int headDim() {
        return dim / nHeads;
    }

    /** The SwiGLU hidden width as Meta's FeedForward computes it from dim, ffnDimMultiplier and multipleOf. */
    public int ffnHiddenDim() {
        int hidden = 4 * dim;
        hidden = 2 * hidden / 3;
        if (ffnDimMultiplier != null) {
            hidden = (int) (ffnDimMultiplier * hidden);
        }
        return multipleOf * ((hidden + multipleOf - 1) / multipleOf);
    }

    /** The same parameters with the vocabulary size taken from the tokenizer. */
    public LlamaParams withVocabSize(int size) {
        return new LlamaParams(dim, nLayers, nHeads, nKvHeads, size, multipleOf, ffnDimMultiplier, normEps, ropeTheta);
    }

    private static int intField(Map<String, Object> m, String key, Integer dflt, String source) throws FormatException {
        if (m.get(key) == null) {
            if (dflt == null) {
                throw new FormatException(source, key, "required field is missing");
            }
            return dflt;
        }
        Number n = number(m, key, source);
        if (n.doubleValue() != Math.rint(n.doubleValue()) || Math.abs(n.doubleValue()) > Integer.MAX_VALUE) {
            throw new FormatException(source, key, "expected an integer, found " + n);
        }
        return n.intValue();
    }

    private static Number number(Map<String, Object> m, String key, String source) throws FormatException {
        Object v = m.get(key);
        if (!(v instanceof Number)) {
            throw new FormatException(source, key, "expected a number, found " + v);
        }
        return (Number) v;
    }
}
