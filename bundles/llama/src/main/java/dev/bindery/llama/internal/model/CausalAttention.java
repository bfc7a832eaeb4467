package dev.bindery.llama.internal.model;

import dev.bindery.tensor.kernel.Activations;
import dev.bindery.tensor.kernel.Parallel;
import dev.bindery.tensor.kernel.VectorMath;
import java.util.Arrays;

/**
 * Multi-head causal self-attention over the key/value cache, as upstream's {@code Attention.forward} between RoPE
 * and {@code wo}: {@code softmax(q K^T / sqrt(d)) V} per head, every query seeing the positions up to its own.
 * Grouped-query attention maps query head {@code h} to key/value head {@code h / (nHeads / nKvHeads)}.
 */
final class CausalAttention {
    /** Below this many multiply-adds a call stays on the caller's thread. */
    private static final long MIN_PARALLEL_WORK = 1L << 14;
    private static final ThreadLocal<float[]> SCORES = ThreadLocal.withInitial(() -> new float[0]);

    private CausalAttention() {
    }

    /**
     * @param q      {@code n} queries of {@code dim} values, already rotated
     * @param keys   the layer's key cache, positions {@code 0 .. start + n - 1} filled
     * @param values the layer's value cache
     * @param start  the position of the first query
     * @param out    receives {@code n x dim} attention outputs
     */
    static void apply(Parallel parallel, LlamaConfig c, float[] q, float[] keys, float[] values, int start, int n,
            float[] out) {
        int heads = c.nHeads();
        int headDim = c.headDim();
        int kvDim = c.kvDim();
        int dim = c.dim();
        int group = heads / c.nKvHeads();
        float scale = (float) Math.sqrt(headDim);
        Parallel.RangeTask task = (from, to) -> {
            float[] scores = scratch(start + n);
            for (int unit = from; unit < to; unit++) {
                int i = unit / heads;
                int h = unit % heads;
                int pos = start + i;
                int qOff = i * dim + h * headDim;
                int kvOff = (h / group) * headDim;
                for (int t = 0; t <= pos; t++) {
                    scores[t] = VectorMath.dot(q, qOff, keys, t * kvDim + kvOff, headDim) / scale;
                }
                Activations.softmax(scores, 0, pos + 1);
                Arrays.fill(out, qOff, qOff + headDim, 0f);
                for (int t = 0; t <= pos; t++) {
                    VectorMath.axpy(scores[t], values, t * kvDim + kvOff, out, qOff, headDim);
                }
            }
        };
        int units = n * heads;
        long work = (long) units * (start + n) * headDim * 2;
        if (work < MIN_PARALLEL_WORK) {
            task.run(0, units);
        } else {
            long perUnit = Math.max(1L, (long) (start + n) * headDim * 2);
            int grain = (int) Math.max(1L, MIN_PARALLEL_WORK / perUnit);
            parallel.parallelFor(0, units, grain, task);
        }
    }

    private static float[] scratch(int size) {
        float[] s = SCORES.get();
        if (s.length < size) {
            s = new float[Math.max(size, Math.max(1024, 2 * s.length))]; // grows rarely, not once per token
            SCORES.set(s);
        }
        return s;
    }
}
