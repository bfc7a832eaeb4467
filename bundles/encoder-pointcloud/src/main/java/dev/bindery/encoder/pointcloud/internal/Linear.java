package dev.bindery.encoder.pointcloud.internal;

import dev.bindery.tensor.kernel.MatMul;
import dev.bindery.tensor.kernel.Matrix;
import dev.bindery.tensor.kernel.Parallel;

/**
 * A PyTorch {@code nn.Linear} (or a kernel-size-1 {@code nn.Conv1d}, the same product) over rows:
 * {@code out[i] = W x[i] + b}.
 */
final class Linear {
    private final Matrix weight;
    private final float[] bias;

    /** @param bias null for a layer without bias */
    Linear(Matrix weight, float[] bias) {
        if (bias != null && bias.length != weight.rows()) {
            throw new IllegalArgumentException("bias of " + bias.length + " for " + weight);
        }
        this.weight = weight;
        this.bias = bias;
    }

    int in() {
        return weight.cols();
    }

    int out() {
        return weight.rows();
    }

    /** Applies the layer to {@code n} rows of {@code x} (n x in) on {@code pool}'s threads; returns (n x out). */
    float[] apply(Parallel pool, float[] x, int n) {
        float[] out = new float[n * weight.rows()];
        apply(pool, x, 0, n, out, 0);
        return out;
    }

    /** As {@link #apply(Parallel, float[], int)} with explicit offsets into caller-owned arrays. */
    void apply(Parallel pool, float[] x, int xOffset, int n, float[] out, int outOffset) {
        MatMul.matMul(pool, weight, x, xOffset, n, out, outOffset);
        if (bias != null) {
            int o = weight.rows();
            for (int i = 0; i < n; i++) {
                int row = outOffset + i * o;
                for (int j = 0; j < o; j++) {
                    out[row + j] += bias[j];
                }
            }
        }
    }
}
