package dev.bindery.llama.convert;

import dev.bindery.api.ModelMismatchException;
import dev.bindery.llama.internal.load.GgufExport;
import dev.bindery.llama.internal.load.MetaSource;
import dev.bindery.llama.internal.load.WeightFormat;
import dev.bindery.llama.internal.load.WeightFormats;
import dev.bindery.llama.internal.load.WeightSet;
import dev.bindery.llama.internal.model.LlamaConfig;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Converts Meta's LLaMA checkpoint folder ({@code params.json} + {@code consolidated.*.pth}), its SentencePiece
 * {@code tokenizer.model} and optionally an ImageBind-LLM adapter ({@code 7B.pth}) into one GGUF file, exactly as the
 * LLaMA service does when it is configured with those sources and a {@code gguf} path: the same reader (the adapter's
 * keys override the base, unknown keys are refused), the same weight conversion and the same writer, so the result
 * is a file the service loads. The output is written next to its destination and moved into place.
 */
public final class LlamaGgufConverter {
    private LlamaGgufConverter() {
    }

    /**
     * @param llamaDir      the folder with {@code params.json} and the shards
     * @param tokenizer     the {@code tokenizer.model}
     * @param adapter       the adapter checkpoint, or null for plain LLaMA
     * @param format        the format of the large matrices in the file
     * @param contextLength the most positions one request may use, written as {@code llama.context_length}
     * @param gguf          the file to write (replaced if it exists)
     * @return what the file holds
     * @throws IOException            if a source is missing, truncated or corrupt, or writing fails
     * @throws ModelMismatchException if the adapter does not fit the base, or {@code params.json} contradicts the
     *                                tokenizer (the message names the file and key)
     */
    public static GgufSummary convert(Path llamaDir, Path tokenizer, Path adapter, GgufWeightFormat format,
            int contextLength, Path gguf) throws IOException, ModelMismatchException {
        if (contextLength <= 0) {
            throw new IllegalArgumentException("context length must be positive, was " + contextLength);
        }
        WeightSet ws = WeightFormats.convert(MetaSource.read(llamaDir, tokenizer, adapter), internal(format));
        GgufExport.write(ws, contextLength, gguf);
        LlamaConfig c = ws.config();
        return new GgufSummary(c.dim(), c.nLayers(), c.nHeads(), c.vocabSize(), contextLength, format,
                adapter != null);
    }

    private static WeightFormat internal(GgufWeightFormat format) {
        return switch (format) {
            case STORED -> WeightFormat.STORED;
            case F32 -> WeightFormat.F32;
            case F16 -> WeightFormat.F16;
            case Q8_0 -> WeightFormat.Q8_0;
            case Q4_0 -> WeightFormat.Q4_0;
        };
    }
}
