package dev.bindery.llama.internal.load;

import dev.bindery.api.ModelMismatchException;
import dev.bindery.llama.internal.model.LlamaConfig;
import dev.bindery.llama.internal.tokenizer.GgufVocabularyReader;
import dev.bindery.llama.internal.tokenizer.TokenizerModel;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.GgufFile;
import dev.bindery.tensor.io.GgufValue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a LLaMA GGUF file: llama.cpp's {@code llama.*} hyper-parameters, the tokenizer from
 * {@code tokenizer.ggml.*}, and the tensors under llama.cpp's names, plus the ImageBind-LLM fine-tune and adapter
 * tensors when the file was written by {@link GgufExport}.
 *
 * <p>About q/k layout: llama.cpp's converters write {@code attn_q}/{@code attn_k} rows in Meta's original order
 * (its HF converter applies the inverse of the Meta-to-HF permutation, and files converted from Meta checkpoints are
 * not permuted at all), and llama.cpp rotates adjacent pairs for the {@code llama} architecture. That is the layout
 * this decoder uses, so the rows are taken as they are; un-permuting them again would break the model.
 */
public final class GgufSource {
    private GgufSource() {
    }

    /**
     * @throws IOException            if the file is truncated, corrupt or not GGUF
     * @throws ModelMismatchException if it is not a LLaMA model, a hyper-parameter is missing or inconsistent, or it
     *                                holds a tensor this decoder does not know
     */
    public static WeightSet read(Path file) throws IOException, ModelMismatchException {
        try (GgufFile gguf = GgufFile.open(file)) {
            Map<String, GgufValue> meta = gguf.metadata();
            String arch = string(meta, "general.architecture", file);
            if (!arch.equals("llama")) {
                throw new ModelMismatchException(file + ": general.architecture is '" + arch
                        + "'; only 'llama' models are supported");
            }
            TokenizerModel tokenizer = GgufVocabularyReader.read(meta, file.toString());
            LlamaConfig config = configOf(meta, tokenizer.vocabulary().size(), file);
            Map<String, TensorData> tensors = new LinkedHashMap<>();
            Map<String, String> origins = new LinkedHashMap<>();
            for (String name : gguf.names()) {
                if (name.equals("rope_freqs.weight")) {
                    throw new ModelMismatchException(file + ": tensor 'rope_freqs.weight' asks for scaled RoPE "
                            + "frequencies (LLaMA 3.1 style), which this decoder does not implement");
                }
                if (!isKnown(name)) {
                    throw new ModelMismatchException(file + ": unknown tensor '" + name + "'");
                }
                tensors.put(name, gguf.get(name));
                origins.put(name, file.getFileName() + ": " + name);
            }
            return new WeightSet(file.toString(), config, tokenizer, tensors, origins);
        }
    }

    /** Whether a GGUF tensor name is one {@link LlamaBuilder} or the bind network uses. */
    private static boolean isKnown(String name) {
        if (name.equals(TensorNames.TOKEN_EMBEDDING) || name.equals(TensorNames.OUTPUT_NORM)
                || name.equals(TensorNames.OUTPUT) || name.equals(TensorNames.PREFIX_QUERY)
                || name.startsWith(TensorNames.BIND_PREFIX)) {
            return true;
        }
        if (!name.startsWith("blk.")) {
            return false;
        }
        int dot = name.indexOf('.', 4);
        if (dot < 0) {
            return false;
        }
        int layer;
        try {
            layer = Integer.parseInt(name.substring(4, dot));
        } catch (NumberFormatException e) {
            return false;
        }
        if (name.equals(TensorNames.attentionNorm(layer)) || name.equals(TensorNames.ffnNorm(layer))
                || name.equals(TensorNames.gate(layer))) {
            return true;
        }
        for (TensorNames.Projection p : TensorNames.Projection.values()) {
            if (name.equals(TensorNames.weight(layer, p)) || name.equals(TensorNames.bias(layer, p))
                    || name.equals(TensorNames.loraA(layer, p)) || name.equals(TensorNames.loraB(layer, p))) {
                return true;
            }
        }
        return false;
    }

    private static LlamaConfig configOf(Map<String, GgufValue> meta, int vocab, Path file)
            throws ModelMismatchException {
        int dim = integer(meta, "llama.embedding_length", null, file);
        int heads = integer(meta, "llama.attention.head_count", null, file);
        int kvHeads = integer(meta, "llama.attention.head_count_kv", heads, file);
        int layers = integer(meta, "llama.block_count", null, file);
        int hidden = integer(meta, "llama.feed_forward_length", null, file);
        int declaredVocab = integer(meta, "llama.vocab_size", vocab, file);
        if (declaredVocab != vocab) {
            throw new ModelMismatchException(file + ": llama.vocab_size is " + declaredVocab + " but the tokenizer has "
                    + vocab + " tokens");
        }
        double eps = number(meta, "llama.attention.layer_norm_rms_epsilon", null, file);
        double theta = number(meta, "llama.rope.freq_base", 10000.0, file);
        if (heads > 0 && dim % heads == 0) {
            int ropeDims = integer(meta, "llama.rope.dimension_count", dim / heads, file);
            if (ropeDims != dim / heads) {
                throw new ModelMismatchException(file + ": llama.rope.dimension_count is " + ropeDims
                        + "; partial rotary embeddings are not supported (head width " + dim / heads + ")");
            }
        }
        GgufValue scaling = meta.get("llama.rope.scaling.type");
        if (scaling != null && !"none".equals(scaling.value())) {
            throw new ModelMismatchException(file + ": llama.rope.scaling.type '" + scaling.value()
                    + "' is not supported");
        }
        try {
            return new LlamaConfig(dim, layers, heads, kvHeads, hidden, vocab, (float) eps, theta);
        } catch (IllegalArgumentException e) {
            throw new ModelMismatchException(file + ": " + e.getMessage(), e);
        }
    }

    private static String string(Map<String, GgufValue> meta, String key, Path file) throws ModelMismatchException {
        GgufValue v = meta.get(key);
        if (v == null || !(v.value() instanceof String s)) {
            throw new ModelMismatchException(file + ": metadata '" + key + "' is missing or not a string");
        }
        return s;
    }

    private static int integer(Map<String, GgufValue> meta, String key, Integer dflt, Path file)
            throws ModelMismatchException {
        GgufValue v = meta.get(key);
        if (v == null) {
            if (dflt == null) {
                throw new ModelMismatchException(file + ": metadata '" + key + "' is missing");
            }
            return dflt;
        }
        if (!(v.value() instanceof Number n) || n.longValue() < 0 || n.longValue() > Integer.MAX_VALUE
                || v.value() instanceof Float || v.value() instanceof Double) {
            throw new ModelMismatchException(file + ": metadata '" + key + "' is " + v.value()
                    + ", not a non-negative integer");
        }
        return (int) n.longValue();
    }

    private static double number(Map<String, GgufValue> meta, String key, Double dflt, Path file)
            throws ModelMismatchException {
        GgufValue v = meta.get(key);
        if (v == null) {
            if (dflt == null) {
                throw new ModelMismatchException(file + ": metadata '" + key + "' is missing");
            }
            return dflt;
        }
        if (!(v.value() instanceof Number n)) {
            throw new ModelMismatchException(file + ": metadata '" + key + "' is " + v.value() + ", not a number");
        }
        return n.doubleValue();
    }
}
