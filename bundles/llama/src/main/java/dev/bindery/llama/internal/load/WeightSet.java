package dev.bindery.llama.internal.load;

import dev.bindery.api.ModelMismatchException;
import dev.bindery.llama.internal.model.LlamaConfig;
import dev.bindery.llama.internal.tokenizer.TokenizerModel;
import dev.bindery.tensor.TensorData;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A complete model as files describe it, before any kernel sees it: the configuration, the tokenizer, and every
 * tensor under its canonical name ({@link TensorNames}) in its storage format, together with where each came from
 * (file and original key) for error messages. Readers produce it ({@link MetaSource}, {@link GgufSource}),
 * {@link WeightFormats} converts it, {@link GgufExport} writes it, {@link LlamaBuilder} turns it into a model.
 * Tensor bytes are not copied: they are the mapped slices the readers return.
 */
public final class WeightSet {
    private final String source;
    private final LlamaConfig config;
    private final TokenizerModel tokenizer;
    private final Map<String, TensorData> tensors;
    private final Map<String, String> origins;

    /**
     * @param source    names the model's files in messages
     * @param tensors   canonical name to tensor, in the order to keep (e.g. when writing)
     * @param origins   canonical name to "file: original key"; names without an entry are described by name
     */
    public WeightSet(String source, LlamaConfig config, TokenizerModel tokenizer, Map<String, TensorData> tensors,
            Map<String, String> origins) {
        this.source = Objects.requireNonNull(source, "source");
        this.config = Objects.requireNonNull(config, "config");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        this.origins = Map.copyOf(origins);
    }

    public String source() {
        return source;
    }

    public LlamaConfig config() {
        return config;
    }

    public TokenizerModel tokenizer() {
        return tokenizer;
    }

    /** All tensors by canonical name, in order. */
    public Map<String, TensorData> tensors() {
        return tensors;
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** The tensor or null. */
    public TensorData optional(String name) {
        return tensors.get(name);
    }

    /**
     * The tensor, which must exist.
     *
     * @throws ModelMismatchException naming the tensor when it is missing
     */
    public TensorData require(String name) throws ModelMismatchException {
        TensorData t = tensors.get(name);
        if (t == null) {
            throw new ModelMismatchException(source + ": tensor " + describe(name) + " is missing");
        }
        return t;
    }

    /**
     * The tensor, which must exist and have the given shape.
     *
     * @throws ModelMismatchException naming the tensor when it is missing or shaped otherwise
     */
    public TensorData require(String name, long... shape) throws ModelMismatchException {
        TensorData t = require(name);
        checkShape(name, t, shape);
        return t;
    }

    /** As {@link #require(String, long...)} for an optional tensor: null when absent, checked when present. */
    public TensorData optional(String name, long... shape) throws ModelMismatchException {
        TensorData t = tensors.get(name);
        if (t != null) {
            checkShape(name, t, shape);
        }
        return t;
    }

    private void checkShape(String name, TensorData t, long[] shape) throws ModelMismatchException {
        if (!Arrays.equals(t.shape(), shape)) {
            throw new ModelMismatchException(source + ": tensor " + describe(name) + " has shape "
                    + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(shape) + " for " + config);
        }
    }

    /** "'canonical' (file: original key)" for messages. */
    public String describe(String name) {
        String origin = origins.get(name);
        return "'" + name + "'" + (origin == null ? "" : " (" + origin + ")");
    }

    /** The origin recorded for a tensor, or null. */
    public String origin(String name) {
        return origins.get(name);
    }

    /** All origins (for derived sets). */
    Map<String, String> origins() {
        return origins;
    }

    /** The same model with other tensors (same configuration, tokenizer and origins). */
    public WeightSet withTensors(Map<String, TensorData> replaced) {
        return new WeightSet(source, config, tokenizer, replaced, origins);
    }
}
