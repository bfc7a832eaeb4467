package dev.bindery.llama.internal.load;

import dev.bindery.api.ModelMismatchException;
import dev.bindery.llama.internal.model.LlamaConfig;
import dev.bindery.llama.internal.tokenizer.SentencePieceModelReader;
import dev.bindery.llama.internal.tokenizer.TokenizerModel;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.LlamaParams;
import dev.bindery.tensor.io.MetaCheckpoint;
import dev.bindery.tensor.io.TorchCheckpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a model the way upstream {@code llama.load(...)} assembles it: Meta's checkpoint folder
 * ({@code params.json} + {@code consolidated.*.pth}), the SentencePiece {@code tokenizer.model}, and optionally
 * ImageBind-LLM's {@code adapter.pth} ({@code {'model': state_dict}}), whose LLaMA keys override the base ones
 * (that is how the fine-tuned norms replace the base norms) and add biases, LoRA, gates and {@code prefix_query}.
 * Like upstream, {@code vocab_size} comes from the tokenizer, {@code rope.freqs} is ignored, and an adapter key the
 * model does not have is refused.
 */
public final class MetaSource {
    private MetaSource() {
    }

    /**
     * @param llamaDir  the folder with {@code params.json} and the shards
     * @param tokenizer the {@code tokenizer.model}
     * @param adapter   the adapter checkpoint, or null for plain LLaMA
     * @throws IOException            if a file is missing, truncated or corrupt (the message names file and tensor)
     * @throws ModelMismatchException if a key is unknown, or {@code params.json} contradicts the tokenizer
     */
    public static WeightSet read(Path llamaDir, Path tokenizer, Path adapter) throws IOException, ModelMismatchException {
        TokenizerModel tokenizerModel = SentencePieceModelReader.read(tokenizer);
        int vocab = tokenizerModel.vocabulary().size();
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        LlamaConfig config;
        try (MetaCheckpoint base = MetaCheckpoint.open(llamaDir)) {
            config = configOf(base.params(), vocab, llamaDir, tokenizer);
            for (String key : base.names()) {
                if (key.equals("rope.freqs")) {
                    continue; // upstream recomputes the frequencies
                }
                String name = MetaNames.ofLlamaKey(key);
                if (name == null) {
                    throw new ModelMismatchException(llamaDir + ": unknown LLaMA tensor '" + key + "'");
                }
                tensors.put(name, base.get(key));
                origins.put(name, llamaDir.getFileName() + ": " + key);
            }
        }
        if (adapter != null) {
            try (TorchCheckpoint ckpt = TorchCheckpoint.open(adapter)) {
                for (String key : ckpt.names()) {
                    String name = MetaNames.ofAdapterKey(key);
                    if (name == null) {
                        throw new ModelMismatchException(adapter + ": unexpected key '" + key
                                + "' (not a parameter of ImageBind-LLM's LLaMA_adapter)");
                    }
                    tensors.put(name, ckpt.get(key));
                    origins.put(name, adapter.getFileName() + ": " + key);
                }
            }
        }
        String source = llamaDir + (adapter == null ? "" : " + " + adapter);
        return new WeightSet(source, config, tokenizerModel, tensors, origins);
    }

    private static LlamaConfig configOf(LlamaParams p, int tokenizerVocab, Path dir, Path tokenizer)
            throws ModelMismatchException {
        if (p.vocabSize() > 0 && p.vocabSize() != tokenizerVocab) {
            throw new ModelMismatchException(dir.resolve("params.json") + ": vocab_size " + p.vocabSize()
                    + " but " + tokenizer + " has " + tokenizerVocab + " pieces");
        }
        try {
            return new LlamaConfig(p.dim(), p.nLayers(), p.nHeads(), p.nKvHeads(), p.ffnHiddenDim(), tokenizerVocab,
                    (float) p.normEps(), p.ropeTheta());
        } catch (IllegalArgumentException e) {
            throw new ModelMismatchException(dir.resolve("params.json") + ": " + e.getMessage(), e);
        }
    }
}
