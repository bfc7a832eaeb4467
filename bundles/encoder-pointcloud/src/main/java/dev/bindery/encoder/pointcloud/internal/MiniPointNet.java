package dev.bindery.encoder.pointcloud.internal;

import dev.bindery.tensor.kernel.Parallel;
import java.util.Arrays;

/**
 * Point-BERT's group encoder ({@code dvae.Encoder}): per point {@code Conv1d(3,128) -> BN -> ReLU -> Conv1d(128,256)},
 * the group's max as a global feature, {@code [global, per-point]} (512) {@code -> Conv1d(512,512) -> BN -> ReLU ->
 * Conv1d(512,C)}, and the max over the group's points.
 *
 * <p>The first 512-wide convolution is split in its global and per-point halves: the global half is computed once
 * per group instead of once per point (half the work; the sum is the same up to float32 rounding order). Groups are
 * processed in chunks so that the intermediate activations stay small.
 */
final class MiniPointNet {
    private static final int CHUNK_GROUPS = 32;

    private final Linear conv1;
    private final BatchNormEval bn1;
    private final Linear conv2;
    private final Linear conv3Global;
    private final Linear conv3Local;
    private final BatchNormEval bn2;
    private final Linear conv4;

    /**
     * @param conv3Global the columns of the 512-wide convolution that read the global feature (no bias)
     * @param conv3Local  the columns that read the per-point feature, with the convolution's bias
     */
    MiniPointNet(Linear conv1, BatchNormEval bn1, Linear conv2, Linear conv3Global, Linear conv3Local,
                 BatchNormEval bn2, Linear conv4) {
        this.conv1 = conv1;
        this.bn1 = bn1;
        this.conv2 = conv2;
        this.conv3Global = conv3Global;
        this.conv3Local = conv3Local;
        this.bn2 = bn2;
        this.conv4 = conv4;
    }

    /** The output width (encoder_dims). */
    int outDim() {
        return conv4.out();
    }

    /**
     * Encodes {@code groups} neighbourhoods of {@code k} points (G x K x 3) into (G x outDim) features, with the
     * matrix products on {@code pool}'s threads.
     */
    float[] encode(Parallel pool, float[] neighbourhoods, int groups, int k) {
        int c = outDim();
        float[] out = new float[groups * c];
        for (int g0 = 0; g0 < groups; g0 += CHUNK_GROUPS) {
            int cg = Math.min(CHUNK_GROUPS, groups - g0);
            int rows = cg * k;
            float[] h1 = new float[rows * conv1.out()];
            conv1.apply(pool, neighbourhoods, g0 * k * 3, rows, h1, 0);
            bn1.applyRelu(h1, 0, rows);
            float[] h2 = conv2.apply(pool, h1, rows);
            float[] global = maxOverGroups(h2, cg, k, conv2.out());
            float[] globalPart = conv3Global.apply(pool, global, cg);
            float[] h3 = conv3Local.apply(pool, h2, rows);
            int w3 = conv3Local.out();
            for (int g = 0; g < cg; g++) {
                for (int p = 0; p < k; p++) {
                    int row = (g * k + p) * w3;
                    for (int j = 0; j < w3; j++) {
                        h3[row + j] += globalPart[g * w3 + j];
                    }
                }
            }
            bn2.applyRelu(h3, 0, rows);
            float[] h4 = conv4.apply(pool, h3, rows);
            float[] pooled = maxOverGroups(h4, cg, k, c);
            System.arraycopy(pooled, 0, out, g0 * c, cg * c);
        }
        return out;
    }

    /** The channel-wise maximum over each group's {@code k} rows. */
    static float[] maxOverGroups(float[] x, int groups, int k, int channels) {
        float[] out = new float[groups * channels];
        Arrays.fill(out, Float.NEGATIVE_INFINITY);
        for (int g = 0; g < groups; g++) {
            for (int p = 0; p < k; p++) {
                int row = (g * k + p) * channels;
                for (int j = 0; j < channels; j++) {
                    float v = x[row + j];
                    if (v > out[g * channels + j]) {
                        out[g * channels + j] = v;
                    }
                }
            }
        }
        return out;
    }
}
