package dev.bindery.tensor.kernel;

import java.util.Objects;

/**
 * Rotary position embedding with a precomputed table, built exactly as Meta's {@code precompute_freqs_cis} does in
 * float32: {@code freqs[i] = 1 / theta^((2i)/d)}, {@code angle[p][i] = float(p) * freqs[i]} (rounded to float32,
 * which matters at large positions), then cos/sin of that float angle.
 *
 * <p>Two layouts of the {@code d = headDim} values of a head:
 * <ul>
 *   <li>{@link #applyInterleaved} — Meta's complex-pair layout: dims {@code (2i, 2i+1)} rotate together. Use it
 *       with Meta "consolidated" checkpoints and with GGUF files whose q/k rows are in Meta order (llama.cpp's
 *       converter un-permutes HF weights back to this order; rope type "norm").</li>
 *   <li>{@link #applyHalfSplit} — the HF / GPT-NeoX layout: dims {@code (i, i + d/2)} rotate together. Use it with
 *       HF checkpoints, whose q/k rows were permuted by Meta-to-HF conversion (row {@code j < d/2} of a head is Meta
 *       row {@code 2j}, row {@code j + d/2} is Meta row {@code 2j+1}), and with GGUF rope type "neox".</li>
 * </ul>
 * Both give identical attention scores for the correspondingly permuted weights.
 */
public final class Rope {
    private final int headDim;
    private final int maxPositions;
    private final float[] cos;
    private final float[] sin;

    private Rope(int headDim, int maxPositions, float[] cos, float[] sin) {
        this.headDim = headDim;
        this.maxPositions = maxPositions;
        this.cos = cos;
        this.sin = sin;
    }

    /**
     * Precomputes the rotation for positions {@code 0 .. maxPositions-1}.
     *
     * @param headDim      even head dimension {@code d}
     * @param maxPositions number of positions (Meta: {@code 2 * max_seq_len})
     * @param theta        the base (10000 for LLaMA-1/2)
     * @throws IllegalArgumentException if {@code headDim} is not positive and even or {@code maxPositions < 1}
     */
    public static Rope create(int headDim, int maxPositions, double theta) {
        if (headDim <= 0 || headDim % 2 != 0) {
            throw new IllegalArgumentException("RoPE head dimension must be positive and even, not " + headDim);
        }
        if (maxPositions < 1 || (long) maxPositions * headDim / 2 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bad RoPE position count " + maxPositions);
        }
        if (!(theta > 0) || Double.isInfinite(theta)) {
            throw new IllegalArgumentException("RoPE theta must be positive and finite, not " + theta);
        }
        int half = headDim / 2;
        float base = (float) theta;
        float[] freqs = new float[half];
        for (int i = 0; i < half; i++) {
            float exponent = (float) (2 * i) / (float) headDim; // arange(0, d, 2).float() / d
            float power = (float) Math.pow(base, exponent);      // theta ** exponent in float32
            freqs[i] = 1.0f / power;
        }
        float[] cos = new float[maxPositions * half];
        float[] sin = new float[maxPositions * half];
        for (int p = 0; p < maxPositions; p++) {
            for (int i = 0; i < half; i++) {
                float angle = (float) p * freqs[i]; // torch.outer in float32
                cos[p * half + i] = (float) Math.cos(angle);
                sin[p * half + i] = (float) Math.sin(angle);
            }
        }
        return new Rope(headDim, maxPositions, cos, sin);
    }

    /** The head dimension {@code d}. */
    public int headDim() {
        return headDim;
    }

    /** Number of precomputed positions. */
    public int maxPositions() {
        return maxPositions;
    }

    /** cos of the angle of pair {@code i} (0 .. d/2-1) at position {@code pos}. */
    public float cos(int pos, int i) {
        return cos[index(pos, i)];
    }

    /** sin of the angle of pair {@code i} (0 .. d/2-1) at position {@code pos}. */
    public float sin(int pos, int i) {
        return sin[index(pos, i)];
    }

    /**
     * Rotates {@code heads} consecutive heads of {@code headDim} values starting at {@code x[offset]}, in place, for
     * position {@code pos}, in Meta's layout: {@code (x[2i], x[2i+1]) * (cos + i sin)} as a complex product.
     */
    public void applyInterleaved(float[] x, int offset, int heads, int pos) {
        checkApply(x, offset, heads, pos);
        int half = headDim / 2;
        int t = pos * half;
        for (int h = 0; h < heads; h++) {
            int base = offset + h * headDim;
            for (int i = 0; i < half; i++) {
                float c = cos[t + i];
                float s = sin[t + i];
                float a = x[base + 2 * i];
                float b = x[base + 2 * i + 1];
                x[base + 2 * i] = a * c - b * s;
                x[base + 2 * i + 1] = a * s + b * c;
            }
        }
    }

    /**
     * Rotates {@code heads} consecutive heads in place for position {@code pos} in the HF/NeoX layout:
     * {@code (x[i], x[i + d/2])} rotate together, i.e. {@code x*cos + rotate_half(x)*sin}.
     */
    public void applyHalfSplit(float[] x, int offset, int heads, int pos) {
        checkApply(x, offset, heads, pos);
        int half = headDim / 2;
        int t = pos * half;
        for (int h = 0; h < heads; h++) {
            int base = offset + h * headDim;
            for (int i = 0; i < half; i++) {
                float c = cos[t + i];
                float s = sin[t + i];
                float a = x[base + i];
                float b = x[base + half + i];
                x[base + i] = a * c - b * s;
                x[base + half + i] = b * c + a * s;
            }
        }
    }

    /**
     * The Meta-layout index of value {@code j} of a head in the HF/NeoX layout (the permutation the Meta-to-HF
     * converters apply to q/k rows within each head): {@code j < d/2 -> 2j}, otherwise {@code 2(j - d/2) + 1}.
     */
    public static int metaIndexOfHalfSplit(int j, int headDim) {
        Objects.checkIndex(j, headDim);
        int half = headDim / 2;
        return j < half ? 2 * j : 2 * (j - half) + 1;
    }

    private int index(int pos, int i) {
        Objects.checkIndex(pos, maxPositions);
        Objects.checkIndex(i, headDim / 2);
        return pos * (headDim / 2) + i;
    }

    private void checkApply(float[] x, int offset, int heads, int pos) {
        if (pos < 0 || pos >= maxPositions) {
            throw new IndexOutOfBoundsException("RoPE position " + pos + " outside the table of " + maxPositions);
        }
        Objects.checkFromIndexSize(offset, Math.multiplyExact(heads, headDim), x.length);
    }
}
