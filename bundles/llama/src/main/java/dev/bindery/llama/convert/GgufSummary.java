package dev.bindery.llama.convert;

/**
 * What a converted GGUF file holds, as recorded in a model package's manifest.
 *
 * @param dim           the model width ({@code llama.embedding_length})
 * @param layers        the number of transformer blocks
 * @param heads         the number of attention heads
 * @param vocabSize     the tokenizer's vocabulary size (the embedding's rows)
 * @param contextLength the {@code llama.context_length} written
 * @param weightFormat  the format of the block weight matrices
 * @param adapter       whether the ImageBind-LLM adapter tensors are in the file
 */
public record GgufSummary(int dim, int layers, int heads, int vocabSize, int contextLength,
        GgufWeightFormat weightFormat, boolean adapter) {
}
