package dev.bindery.llama.internal.model;

/**
 * ImageBind-LLM's gated visual injection for one layer: the layer's {@code prefix_query} row, added to the visual
 * feature, goes through the layer's base {@code wv} (no LoRA, no bias); the result, scaled per head by
 * {@code tanh(gate)}, is added to the attention output of every token before {@code wo}.
 *
 * @param prefixQuery the layer's learned query ({@code dim} values)
 * @param gateTanh    {@code tanh(gate)} per head
 */
public record VisualAdapter(float[] prefixQuery, float[] gateTanh) {

    /** Computes {@code tanh} of the raw gates once, in double rounded to float32. */
    public static VisualAdapter of(float[] prefixQuery, float[] gate) {
        float[] t = new float[gate.length];
        for (int h = 0; h < gate.length; h++) {
            t[h] = (float) Math.tanh(gate[h]);
        }
        return new VisualAdapter(prefixQuery.clone(), t);
    }
}
