package dev.bindery.encoder.pointcloud.internal;

import dev.bindery.tensor.kernel.Norms;

/** PyTorch's {@code nn.LayerNorm} over the last dimension of row-major rows. */
final class LayerNorm {
    private final float[] weight;
    private final float[] bias;
    private final float eps;

    LayerNorm(float[] weight, float[] bias, float eps) {
        if (weight.length != bias.length) {
            throw new IllegalArgumentException("layer norm weight and bias differ in length");
        }
        this.weight = weight;
        this.bias = bias;
        this.eps = eps;
    }

    int dim() {
        return weight.length;
    }

    /** Normalises {@code n} rows of {@code x} into a new array. */
    float[] apply(float[] x, int n) {
        int d = weight.length;
        float[] out = new float[n * d];
        for (int i = 0; i < n; i++) {
            Norms.layerNorm(x, i * d, weight, bias, 0, eps, out, i * d, d);
        }
        return out;
    }
}
