package dev.bindery.bindnet;

import dev.bindery.tensor.TensorData;
import java.util.Map;

/**
 * A straightforward double-precision bind network written from upstream's module definitions
 * ({@code llama_adapter.py}: Linear, RMSNorm / nn.LayerNorm, SiLU), independent of the kernels under test.
 */
final class ReferenceBindNetwork {
    private final Map<String, TensorData> sd;
    private final boolean legacy;

    ReferenceBindNetwork(Map<String, TensorData> sd) {
        this.sd = sd;
        this.legacy = sd.containsKey("image_bind_norm_1.bias");
    }

    double[] forward(float[] query) {
        double[] q = new double[query.length];
        for (int i = 0; i < q.length; i++) {
            q[i] = query[i];
        }
        double[] x = linear("image_bind_proj", q, true);
        for (int j = 1; sd.containsKey("image_bind_norm_" + j + ".weight"); j++) {
            double[] n = legacy ? layerNorm(x, j) : rmsNorm(x, j);
            double[] a = linear("image_bind_f1_" + j, n, legacy);
            double[] b = linear("image_bind_f3_" + j, n, legacy);
            for (int i = 0; i < a.length; i++) {
                a[i] = a[i] / (1 + Math.exp(-a[i])) * b[i];
            }
            double[] y = linear("image_bind_f2_" + j, a, legacy);
            for (int i = 0; i < x.length; i++) {
                x[i] += y[i];
            }
        }
        return x;
    }

    private double[] linear(String name, double[] x, boolean bias) {
        TensorData w = sd.get(name + ".weight");
        double[] wv = w.toDoubleArray();
        int rows = (int) w.dim(0);
        int cols = (int) w.dim(1);
        double[] b = bias ? sd.get(name + ".bias").toDoubleArray() : new double[rows];
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            double s = b[r];
            for (int c = 0; c < cols; c++) {
                s += wv[r * cols + c] * x[c];
            }
            out[r] = s;
        }
        return out;
    }

    private double[] rmsNorm(double[] x, int j) {
        double[] w = sd.get("image_bind_norm_" + j + ".weight").toDoubleArray();
        double ms = 0;
        for (double v : x) {
            ms += v * v;
        }
        double r = 1 / Math.sqrt(ms / x.length + 1e-6);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * r * w[i];
        }
        return out;
    }

    private double[] layerNorm(double[] x, int j) {
        double[] w = sd.get("image_bind_norm_" + j + ".weight").toDoubleArray();
        double[] b = sd.get("image_bind_norm_" + j + ".bias").toDoubleArray();
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean);
        }
        var /= x.length;
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (x[i] - mean) / Math.sqrt(var + 1e-5) * w[i] + b[i];
        }
        return out;
    }
}
