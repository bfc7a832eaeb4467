package dev.bindery.llama.internal.load;

import dev.bindery.api.ModelMismatchException;
import dev.bindery.llama.internal.tokenizer.SentencePieceTokenizer;
import dev.bindery.tensor.kernel.Parallel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * Loads a model from {@link ModelFiles}: reads the sources (a GGUF file, or Meta checkpoint + tokenizer + adapter),
 * converts the large matrices to the requested {@link WeightFormat}, writes the GGUF copy when one is configured and
 * missing or older than the sources, and builds the decoder.
 */
public final class ModelLoader {
    private ModelLoader() {
    }

    /**
     * @param contextLength the most positions one request may use
     * @param parallel      the pool the model's products run on
     * @throws IOException            if a file is missing, unreadable, truncated or corrupt
     * @throws ModelMismatchException if the files do not make one consistent model
     */
    public static LoadedModel load(ModelFiles files, WeightFormat format, int contextLength, Parallel parallel)
            throws IOException, ModelMismatchException {
        WeightSet ws = read(files, format, contextLength);
        return new LoadedModel(LlamaBuilder.build(ws, contextLength, parallel),
                new SentencePieceTokenizer(ws.tokenizer()), ws.source());
    }

    /** The weight set the files describe, in {@code format}, written to the GGUF copy as configured. */
    static WeightSet read(ModelFiles files, WeightFormat format, int contextLength)
            throws IOException, ModelMismatchException {
        if (files.llamaDir() == null) {
            if (files.gguf() == null) {
                throw new IllegalArgumentException("no model files: give a GGUF file or a LLaMA checkpoint folder");
            }
            return WeightFormats.convert(GgufSource.read(files.gguf()), format);
        }
        Path tokenizer = files.tokenizer() != null ? files.tokenizer() : findTokenizer(files.llamaDir());
        if (files.gguf() != null && isFresh(files.gguf(), files.llamaDir(), tokenizer, files.adapter())) {
            return WeightFormats.convert(GgufSource.read(files.gguf()), format);
        }
        WeightSet ws = WeightFormats.convert(MetaSource.read(files.llamaDir(), tokenizer, files.adapter()), format);
        if (files.gguf() != null) {
            GgufExport.write(ws, contextLength, files.gguf());
        }
        return ws;
    }

    private static Path findTokenizer(Path llamaDir) throws IOException {
        Path here = llamaDir.resolve("tokenizer.model");
        if (Files.isRegularFile(here)) {
            return here;
        }
        Path parent = llamaDir.toAbsolutePath().getParent();
        if (parent != null && Files.isRegularFile(parent.resolve("tokenizer.model"))) {
            return parent.resolve("tokenizer.model");
        }
        throw new java.nio.file.NoSuchFileException(here.toString(), null,
                "no tokenizer.model in the checkpoint folder or its parent");
    }

    /** True when the GGUF copy exists and is newer than every source file. */
    private static boolean isFresh(Path gguf, Path llamaDir, Path tokenizer, Path adapter) throws IOException {
        if (!Files.isRegularFile(gguf)) {
            return false;
        }
        FileTime copy = Files.getLastModifiedTime(gguf);
        FileTime newest = Files.getLastModifiedTime(tokenizer);
        if (adapter != null) {
            newest = max(newest, Files.getLastModifiedTime(adapter));
        }
        try (var s = Files.list(llamaDir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                newest = max(newest, Files.getLastModifiedTime(p));
            }
        }
        return copy.compareTo(newest) > 0;
    }

    private static FileTime max(FileTime a, FileTime b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
