package dev.bindery.llama.internal.load;

import java.nio.file.Path;

/**
 * Where a model's files are. Either a GGUF file, or Meta's checkpoint folder with the tokenizer and optionally the
 * ImageBind-LLM adapter, or both: then the GGUF is the converted copy of the sources, used while it is newer than
 * every source and (re)written from them otherwise.
 *
 * @param gguf      a GGUF file (read, or written after loading the sources), or null
 * @param llamaDir  the folder with {@code params.json} and {@code consolidated.*.pth}, or null
 * @param tokenizer the SentencePiece {@code tokenizer.model}; null means {@code tokenizer.model} in the folder or
 *                  its parent (upstream keeps it next to the size folders)
 * @param adapter   the ImageBind-LLM adapter checkpoint, or null for plain LLaMA
 */
public record ModelFiles(Path gguf, Path llamaDir, Path tokenizer, Path adapter) {

    /** A GGUF file only. */
    public static ModelFiles gguf(Path file) {
        return new ModelFiles(file, null, null, null);
    }

    /** Meta's checkpoint folder, tokenizer and adapter (may be null). */
    public static ModelFiles meta(Path llamaDir, Path tokenizer, Path adapter) {
        return new ModelFiles(null, llamaDir, tokenizer, adapter);
    }

    /** The same sources with a GGUF copy at {@code file}. */
    public ModelFiles withGguf(Path file) {
        return new ModelFiles(file, llamaDir, tokenizer, adapter);
    }
}
