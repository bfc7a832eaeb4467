package dev.bindery.llama.internal.load;

import dev.bindery.llama.internal.model.LlamaConfig;
import dev.bindery.llama.internal.tokenizer.GgufVocabularyWriter;
import dev.bindery.tensor.DType;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.GgufValue;
import dev.bindery.tensor.io.GgufWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link WeightSet} as one GGUF file: llama.cpp's {@code llama} metadata and tensor names for the LLaMA
 * part (so a plain LLaMA written here is an ordinary llama.cpp model), the tokenizer as {@code tokenizer.ggml.*},
 * and ImageBind-LLM's fine-tune, adapter and bind-network tensors under the names of {@link TensorNames}. The
 * fine-tuned norms are written in place of the base norms (they are the ones the model uses). The file is written
 * next to its destination and moved into place, so a crash never leaves a half-written model under the final name.
 */
public final class GgufExport {
    private GgufExport() {
    }

    /**
     * @param contextLength written as {@code llama.context_length}
     * @throws IOException if writing fails or the tokenizer cannot be expressed as GGUF metadata
     */
    public static void write(WeightSet ws, int contextLength, Path file) throws IOException {
        LlamaConfig c = ws.config();
        Map<String, GgufValue> meta = new LinkedHashMap<>();
        meta.put("general.architecture", GgufValue.ofString("llama"));
        meta.put("general.name", GgufValue.ofString(file.getFileName().toString().replaceFirst("\\.gguf$", "")));
        int fileType = fileType(ws);
        if (fileType >= 0) {
            meta.put("general.file_type", GgufValue.ofUint32(fileType));
        }
        meta.put("llama.context_length", GgufValue.ofUint32(contextLength));
        meta.put("llama.embedding_length", GgufValue.ofUint32(c.dim()));
        meta.put("llama.block_count", GgufValue.ofUint32(c.nLayers()));
        meta.put("llama.feed_forward_length", GgufValue.ofUint32(c.hiddenDim()));
        meta.put("llama.attention.head_count", GgufValue.ofUint32(c.nHeads()));
        meta.put("llama.attention.head_count_kv", GgufValue.ofUint32(c.nKvHeads()));
        meta.put("llama.attention.layer_norm_rms_epsilon", GgufValue.ofFloat32(c.normEps()));
        meta.put("llama.rope.dimension_count", GgufValue.ofUint32(c.headDim()));
        meta.put("llama.rope.freq_base", GgufValue.ofFloat32((float) c.ropeTheta()));
        meta.put("llama.vocab_size", GgufValue.ofUint32(c.vocabSize()));
        meta.putAll(GgufVocabularyWriter.metadata(ws.tokenizer()));

        List<TensorData> tensors = new ArrayList<>(ws.tensors().size());
        for (Map.Entry<String, TensorData> e : ws.tensors().entrySet()) {
            tensors.add(e.getValue().withName(e.getKey()));
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".partial");
        try {
            GgufWriter.write(tmp, meta, tensors);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** llama.cpp's {@code general.file_type} for the format of the block weights, or -1 when it has none. */
    private static int fileType(WeightSet ws) {
        TensorData wq = ws.optional(TensorNames.weight(0, TensorNames.Projection.Q));
        DType t = wq == null ? null : wq.dtype();
        if (t == null) {
            return -1;
        }
        return switch (t) {
            case F32 -> 0;
            case F16 -> 1;
            case Q4_0 -> 2;
            case Q8_0 -> 7;
            case BF16 -> 32;
            default -> -1;
        };
    }
}
