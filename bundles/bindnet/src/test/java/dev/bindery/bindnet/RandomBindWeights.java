package dev.bindery.bindnet;

import dev.bindery.tensor.TensorData;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Seeded random bind-network state dicts with upstream's key names, in either layout, for tests. */
final class RandomBindWeights {
    private RandomBindWeights() {
    }

    /** A state dict of {@code blocks} blocks; weights ~ N(0,1)/sqrt(fan_in), norms 1 + 0.1 N, biases 0.05 N. */
    static Map<String, TensorData> stateDict(BindLayout layout, int in, int dim, int hidden, int blocks, long seed) {
        Random rnd = new Random(seed);
        Map<String, TensorData> sd = new LinkedHashMap<>();
        put(sd, "image_bind_proj.weight", gaussian(rnd, dim * in, 1 / Math.sqrt(in), 0), dim, in);
        put(sd, "image_bind_proj.bias", gaussian(rnd, dim, 0.05, 0), dim);
        for (int j = 1; j <= blocks; j++) {
            put(sd, "image_bind_norm_" + j + ".weight", gaussian(rnd, dim, 0.1, 1), dim);
            if (layout.hasBiases()) {
                put(sd, "image_bind_norm_" + j + ".bias", gaussian(rnd, dim, 0.05, 0), dim);
            }
            put(sd, "image_bind_f1_" + j + ".weight", gaussian(rnd, hidden * dim, 1 / Math.sqrt(dim), 0), hidden, dim);
            put(sd, "image_bind_f2_" + j + ".weight", gaussian(rnd, dim * hidden, 1 / Math.sqrt(hidden), 0), dim, hidden);
            put(sd, "image_bind_f3_" + j + ".weight", gaussian(rnd, hidden * dim, 1 / Math.sqrt(dim), 0), hidden, dim);
            if (layout.hasBiases()) {
                put(sd, "image_bind_f1_" + j + ".bias", gaussian(rnd, hidden, 0.05, 0), hidden);
                put(sd, "image_bind_f2_" + j + ".bias", gaussian(rnd, dim, 0.05, 0), dim);
                put(sd, "image_bind_f3_" + j + ".bias", gaussian(rnd, hidden, 0.05, 0), hidden);
            }
        }
        return sd;
    }

    /** {@code n} random unit-norm queries, row-major. */
    static float[] queries(int n, int in, long seed) {
        Random rnd = new Random(seed);
        float[] q = new float[n * in];
        for (int r = 0; r < n; r++) {
            double norm = 0;
            for (int i = 0; i < in; i++) {
                q[r * in + i] = (float) rnd.nextGaussian();
                norm += q[r * in + i] * q[r * in + i];
            }
            for (int i = 0; i < in; i++) {
                q[r * in + i] /= (float) Math.sqrt(norm);
            }
        }
        return q;
    }

    private static float[] gaussian(Random rnd, int n, double scale, double mean) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (mean + scale * rnd.nextGaussian());
        }
        return v;
    }

    private static void put(Map<String, TensorData> sd, String key, float[] values, long... shape) {
        sd.put(key, TensorData.ofFloats(key, shape, values));
    }
}
