package dev.bindery.packages;

/**
 * The LLaMA model of a package: one GGUF file holding the base weights, the ImageBind-LLM adapter and the tokenizer.
 *
 * @param file          the GGUF's path inside the package
 * @param dim           the model width, which the bind network must output
 * @param layers        transformer blocks
 * @param heads         attention heads
 * @param vocabSize     tokenizer vocabulary size
 * @param contextLength the most positions one request may use
 * @param weightFormat  the block weights' format ({@code STORED}, {@code F16}, {@code Q8_0}, ...)
 * @param adapter       whether the adapter tensors are inside
 */
public record LlamaPart(String file, int dim, int layers, int heads, int vocabSize, int contextLength,
        String weightFormat, boolean adapter) {
}
