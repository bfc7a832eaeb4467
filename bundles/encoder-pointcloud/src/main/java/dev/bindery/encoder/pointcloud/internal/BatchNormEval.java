package dev.bindery.encoder.pointcloud.internal;

/**
 * {@code nn.BatchNorm1d} in eval mode over channel-last rows, followed by ReLU (the order of Point-BERT's
 * mini-PointNet): {@code max(0, (x - running_mean) / sqrt(running_var + eps) * weight + bias)}.
 */
final class BatchNormEval {
    private final float[] scale;
    private final float[] shift;

    BatchNormEval(float[] weight, float[] bias, float[] mean, float[] var, double eps) {
        int c = weight.length;
        if (bias.length != c || mean.length != c || var.length != c) {
            throw new IllegalArgumentException("batch norm parameters of different lengths");
        }
        scale = new float[c];
        shift = new float[c];
        for (int i = 0; i < c; i++) {
            double s = weight[i] / Math.sqrt(var[i] + eps);
            scale[i] = (float) s;
            shift[i] = (float) (bias[i] - mean[i] * s);
        }
    }

    int channels() {
        return scale.length;
    }

    /** Normalises and rectifies {@code n} rows of {@code channels()} values in place. */
    void applyRelu(float[] x, int offset, int n) {
        int c = scale.length;
        for (int i = 0; i < n; i++) {
            int row = offset + i * c;
            for (int j = 0; j < c; j++) {
                float v = x[row + j] * scale[j] + shift[j];
                x[row + j] = v > 0 ? v : 0;
            }
        }
    }
}
