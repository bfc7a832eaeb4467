package dev.bindery.llama.internal.model;

/**
 * Everything one request owns while it runs through a shared {@link Llama}: the key/value cache, the per-layer
 * visual term (computed once from the request's visual feature), and every scratch buffer of the forward pass, so
 * that decoding allocates nothing per token and concurrent requests never share mutable memory. Not thread-safe:
 * one request, one thread at a time.
 */
public final class LlamaState {
    final int capacity;
    final int chunk;
    final float[][] keys;
    final float[][] values;
    /** Per layer: {@code tanh(gate) * wv(feature + prefix_query)} per head, or null (no visual input / no adapter). */
    final float[][] visual;
    int length;

    final float[] x;
    final float[] xb;
    final float[] q;
    final float[] k;
    final float[] v;
    final float[] att;
    final float[] proj;
    final float[] hb;
    final float[] hb2;
    final float[] down;
    final float[] up;
    final float[] logits;

    LlamaState(LlamaConfig c, int capacity, int chunk, int maxRank, float[][] visual) {
        this.capacity = capacity;
        this.chunk = chunk;
        this.visual = visual;
        int kv = c.kvDim();
        keys = new float[c.nLayers()][capacity * kv];
        values = new float[c.nLayers()][capacity * kv];
        x = new float[chunk * c.dim()];
        xb = new float[chunk * c.dim()];
        q = new float[chunk * c.dim()];
        k = new float[chunk * kv];
        v = new float[chunk * kv];
        att = new float[chunk * c.dim()];
        proj = new float[chunk * c.dim()];
        hb = new float[chunk * c.hiddenDim()];
        hb2 = new float[chunk * c.hiddenDim()];
        down = new float[chunk * Math.max(1, maxRank)];
        up = new float[maxRank == 0 ? 0 : chunk * Math.max(c.hiddenDim(), c.dim())];
        logits = new float[c.vocabSize()];
    }

    /** The number of positions this state can hold (prompt plus answer). */
    public int capacity() {
        return capacity;
    }

    /** The number of positions whose keys and values are in the cache. */
    public int length() {
        return length;
    }

    /** True when the request carries a visual feature. */
    public boolean hasVisual() {
        for (float[] t : visual) {
            if (t != null) {
                return true;
            }
        }
        return false;
    }

    /** Bytes held by the key/value cache. */
    public long cacheBytes() {
        return 2L * keys.length * keys[0].length * Float.BYTES;
    }
}
