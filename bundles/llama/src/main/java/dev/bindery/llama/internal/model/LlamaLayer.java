package dev.bindery.llama.internal.model;

/**
 * One transformer block: pre-norm attention and SwiGLU feed-forward, with the fine-tuned norms already in place of
 * the base ones.
 *
 * @param attentionNorm RMSNorm weight before attention
 * @param wq            query projection (upstream may add a bias and LoRA)
 * @param wk            key projection
 * @param wv            value projection; its base weight also carries the visual adapter
 * @param wo            attention output projection
 * @param ffnNorm       RMSNorm weight before the feed-forward
 * @param w1            SwiGLU gate projection
 * @param w2            SwiGLU down projection
 * @param w3            SwiGLU up projection
 * @param adapter       the visual injection of this layer, or null when the layer has none
 */
public record LlamaLayer(float[] attentionNorm, Linear wq, Linear wk, Linear wv, Linear wo, float[] ffnNorm,
        Linear w1, Linear w2, Linear w3, VisualAdapter adapter) {

    /** Largest LoRA rank of the block's projections. */
    int maxRank() {
        int r = 0;
        for (Linear l : new Linear[] {wq, wk, wv, wo, w1, w2, w3}) {
            r = Math.max(r, l.rank());
        }
        return r;
    }

    long parameters() {
        long p = attentionNorm.length + ffnNorm.length;
        for (Linear l : new Linear[] {wq, wk, wv, wo, w1, w2, w3}) {
            p += l.parameters();
        }
        if (adapter != null) {
            p += adapter.prefixQuery().length + adapter.gateTanh().length;
        }
        return p;
    }
}
