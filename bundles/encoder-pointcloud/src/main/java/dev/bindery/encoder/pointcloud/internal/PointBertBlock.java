package dev.bindery.encoder.pointcloud.internal;

import dev.bindery.tensor.kernel.Activations;
import dev.bindery.tensor.kernel.F32Matrix;
import dev.bindery.tensor.kernel.MatMul;
import dev.bindery.tensor.kernel.Parallel;

/**
 * One Point-BERT transformer block (timm-style): {@code x = x + proj(attention(norm1(x)))},
 * {@code x = x + fc2(gelu(fc1(norm2(x))))}; multi-head self-attention with a bias-free {@code qkv} projection laid
 * out {@code [q | k | v]}, each split in heads of {@code dim / heads}, scores scaled by {@code head_dim^-0.5}.
 */
final class PointBertBlock {
    private final LayerNorm norm1;
    private final Linear qkv;
    private final Linear proj;
    private final LayerNorm norm2;
    private final Linear fc1;
    private final Linear fc2;
    private final int heads;

    PointBertBlock(LayerNorm norm1, Linear qkv, Linear proj, LayerNorm norm2, Linear fc1, Linear fc2, int heads) {
        this.norm1 = norm1;
        this.qkv = qkv;
        this.proj = proj;
        this.norm2 = norm2;
        this.fc1 = fc1;
        this.fc2 = fc2;
        this.heads = heads;
    }

    /** Runs the block on {@code tokens} rows of {@code x} in place, the matrix products on {@code pool}'s threads. */
    void forward(Parallel pool, float[] x, int tokens) {
        int d = norm1.dim();
        float[] attended = attention(pool, qkv.apply(pool, norm1.apply(x, tokens), tokens), tokens, d);
        float[] projected = proj.apply(pool, attended, tokens);
        for (int i = 0; i < x.length; i++) {
            x[i] += projected[i];
        }
        float[] hidden = fc1.apply(pool, norm2.apply(x, tokens), tokens);
        Activations.gelu(hidden, 0, hidden.length);
        float[] mlp = fc2.apply(pool, hidden, tokens);
        for (int i = 0; i < x.length; i++) {
            x[i] += mlp[i];
        }
    }

    /** softmax(q k^T * scale) v per head, heads concatenated: (tokens x d). */
    private float[] attention(Parallel pool, float[] packed, int tokens, int d) {
        int hd = d / heads;
        float scale = (float) Math.pow(hd, -0.5);
        float[] out = new float[tokens * d];
        float[] q = new float[tokens * hd];
        float[] k = new float[tokens * hd];
        float[] vT = new float[hd * tokens];
        float[] scores = new float[tokens * tokens];
        float[] headOut = new float[tokens * hd];
        for (int h = 0; h < heads; h++) {
            for (int t = 0; t < tokens; t++) {
                int row = t * 3 * d;
                System.arraycopy(packed, row + h * hd, q, t * hd, hd);
                System.arraycopy(packed, row + d + h * hd, k, t * hd, hd);
                for (int c = 0; c < hd; c++) {
                    vT[c * tokens + t] = packed[row + 2 * d + h * hd + c];
                }
            }
            // scores[i][j] = k_j . q_i: the keys act as the weight matrix, the queries as the batch.
            MatMul.matMul(pool, new F32Matrix(tokens, hd, k), q, 0, tokens, scores, 0);
            for (int i = 0; i < tokens; i++) {
                for (int j = 0; j < tokens; j++) {
                    scores[i * tokens + j] *= scale;
                }
                Activations.softmax(scores, i * tokens, tokens);
            }
            MatMul.matMul(pool, new F32Matrix(hd, tokens, vT), scores, 0, tokens, headOut, 0);
            for (int t = 0; t < tokens; t++) {
                System.arraycopy(headOut, t * hd, out, t * d + h * hd, hd);
            }
        }
        return out;
    }
}
