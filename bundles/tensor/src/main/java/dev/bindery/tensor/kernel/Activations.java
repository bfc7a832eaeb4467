package dev.bindery.tensor.kernel;

import java.util.Objects;

/**
 * In-place activations and softmax over a range of a float array. Each value is computed in double and
 * rounded once to float32, which is at least as accurate as PyTorch's float32 kernels.
 */
public final class Activations {
    private Activations() {
    }

    private static final double SQRT_HALF = Math.sqrt(0.5);

    /**
     * Numerically stable softmax in place: {@code x = exp(x - max) / sum}. A range of {@code -inf} values
     * (fully masked) becomes NaN as in PyTorch.
     */
    public static void softmax(float[] x, int offset, int n) {
        Objects.checkFromIndexSize(offset, n, x.length);
        if (n == 0) {
            return;
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[offset + i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(x[offset + i] - max);
            x[offset + i] = e;
            sum += e;
        }
        float inv = (float) (1.0 / sum);
        VectorMath.scale(x, offset, n, inv);
    }

    /** SiLU in place: {@code x * sigmoid(x) = x / (1 + exp(-x))}. */
    public static void silu(float[] x, int offset, int n) {
        Objects.checkFromIndexSize(offset, n, x.length);
        for (int i = offset, end = offset + n; i < end; i++) {
            double v = x[i];
            x[i] = (float) (v / (1.0 + Math.exp(-v)));
        }
    }

    /**
     * The SwiGLU gate of LLaMA's feed-forward and the bind network: {@code gate[i] = silu(gate[i]) * up[i]}, with
     * silu rounded to float32 before the product as in {@code F.silu(w1(x)) * w3(x)}.
     */
    public static void siluMul(float[] gate, int gateOffset, float[] up, int upOffset, int n) {
        Objects.checkFromIndexSize(gateOffset, n, gate.length);
        Objects.checkFromIndexSize(upOffset, n, up.length);
        for (int i = 0; i < n; i++) {
            double v = gate[gateOffset + i];
            float s = (float) (v / (1.0 + Math.exp(-v)));
            gate[gateOffset + i] = s * up[upOffset + i];
        }
    }

    /** Exact (erf-based) GELU in place, PyTorch's {@code nn.GELU()}: {@code 0.5 x (1 + erf(x / sqrt 2))}. */
    public static void gelu(float[] x, int offset, int n) {
        Objects.checkFromIndexSize(offset, n, x.length);
        for (int i = offset, end = offset + n; i < end; i++) {
            double v = x[i];
            x[i] = (float) (0.5 * v * (1.0 + Erf.erf(v * SQRT_HALF)));
        }
    }
}
