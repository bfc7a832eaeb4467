package dev.bindery.llama.internal.model;

/**
 * The shape of a LLaMA decoder: what {@code params.json} (or GGUF's {@code llama.*} metadata) says plus the derived
 * widths. The context length is not part of it: it is chosen when a model is loaded.
 *
 * @param dim        model width
 * @param nLayers    transformer blocks
 * @param nHeads     query heads
 * @param nKvHeads   key/value heads (equal to {@code nHeads} for LLaMA-1; fewer for grouped-query attention)
 * @param hiddenDim  SwiGLU hidden width
 * @param vocabSize  vocabulary size
 * @param normEps    RMSNorm epsilon
 * @param ropeTheta  RoPE base
 */
public record LlamaConfig(int dim, int nLayers, int nHeads, int nKvHeads, int hiddenDim, int vocabSize,
        float normEps, double ropeTheta) {

    public LlamaConfig {
        if (dim <= 0 || nLayers <= 0 || nHeads <= 0 || nKvHeads <= 0 || hiddenDim <= 0 || vocabSize <= 0) {
            throw new IllegalArgumentException("model sizes must be positive: " + describe(dim, nLayers, nHeads,
                    nKvHeads, hiddenDim, vocabSize));
        }
        if (dim % nHeads != 0 || (dim / nHeads) % 2 != 0) {
            throw new IllegalArgumentException("dim " + dim + " is not a multiple of " + nHeads
                    + " heads with an even head width");
        }
        if (nHeads % nKvHeads != 0) {
            throw new IllegalArgumentException(nHeads + " query heads are not a multiple of " + nKvHeads
                    + " key/value heads");
        }
        if (!(normEps > 0) || !(ropeTheta > 0) || Double.isInfinite(ropeTheta)) {
            throw new IllegalArgumentException("norm epsilon and RoPE base must be positive, were " + normEps + " and "
                    + ropeTheta);
        }
    }

    /** Width of one attention head. */
    public int headDim() {
        return dim / nHeads;
    }

    /** Width of the keys and values of one position ({@code nKvHeads * headDim}). */
    public int kvDim() {
        return nKvHeads * headDim();
    }

    @Override
    public String toString() {
        return describe(dim, nLayers, nHeads, nKvHeads, hiddenDim, vocabSize);
    }

    private static String describe(int dim, int nLayers, int nHeads, int nKvHeads, int hiddenDim, int vocabSize) {
        return "dim " + dim + ", " + nLayers + " layers, " + nHeads + " heads (" + nKvHeads + " kv), ffn "
                + hiddenDim + ", vocab " + vocabSize;
    }
}
