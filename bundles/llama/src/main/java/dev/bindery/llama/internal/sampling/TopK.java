package dev.bindery.llama.internal.sampling;

/**
 * Keeps the {@code k} largest logits and sets the others to minus infinity, so the softmax that follows renormalises
 * over the {@code k} best tokens (upstream ImageBind-LLM has no top-k; this is the usual extension, applied before
 * top-p). Ties at the boundary keep the lower token ids.
 */
public final class TopK {
    private TopK() {
    }

    /** A copy of {@code logits} with all but the {@code k} largest set to minus infinity; {@code k <= 0} keeps all. */
    public static float[] mask(float[] logits, int k) {
        float[] out = logits.clone();
        if (k <= 0 || k >= logits.length) {
            return out;
        }
        int[] order = NucleusFilter.descendingOrder(logits);
        boolean[] keep = new boolean[logits.length];
        for (int i = 0; i < k; i++) {
            keep[order[i]] = true;
        }
        for (int i = 0; i < out.length; i++) {
            if (!keep[i]) {
                out[i] = Float.NEGATIVE_INFINITY;
            }
        }
        return out;
    }
}
