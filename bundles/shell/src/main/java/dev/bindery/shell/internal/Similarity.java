package dev.bindery.shell.internal;

import java.util.List;

/**
 * The two comparisons of {@code bindery:similarity}, as upstream computes them (no OSGi here).
 *
 * <ul>
 *   <li>{@link #cosine}: inner products of the L2-normalised embeddings — ImageBind-LLM normalises every embedding
 *       before it uses it, so this is the similarity the pipeline sees.</li>
 *   <li>{@link #zeroShot}: ImageBind's zero-shot classification, {@code softmax(E_x @ E_text^T, dim=-1)} on the
 *       embeddings as the encoders return them (post-processed: normalised and multiplied by the modality's logit
 *       scale, which acts as the softmax temperature; normalising first would change the answer).</li>
 * </ul>
 * Products are accumulated in double and reported as float, as torch's float32 result is.
 */
final class Similarity {
    private Similarity() {
    }

    /** {@code m[i][j] = <a_i/|a_i|, b_j/|b_j|>}. */
    static float[][] cosine(List<float[]> a, List<float[]> b) {
        float[][] out = new float[a.size()][b.size()];
        for (int i = 0; i < a.size(); i++) {
            for (int j = 0; j < b.size(); j++) {
                out[i][j] = (float) (dot(a.get(i), b.get(j)) / (norm(a.get(i)) * norm(b.get(j))));
            }
        }
        return out;
    }

    /** {@code p[i] = softmax_j(<x_i, label_j>)}: each row sums to 1. */
    static float[][] zeroShot(List<float[]> inputs, List<float[]> labels) {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("zero-shot classification needs at least one label");
        }
        float[][] out = new float[inputs.size()][labels.size()];
        for (int i = 0; i < inputs.size(); i++) {
            double[] logits = new double[labels.size()];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < logits.length; j++) {
                // torch gives the float32 product; the softmax runs on that value
                logits[j] = (float) dot(inputs.get(i), labels.get(j));
                max = Math.max(max, logits[j]);
            }
            double sum = 0;
            for (int j = 0; j < logits.length; j++) {
                logits[j] = Math.exp(logits[j] - max);
                sum += logits[j];
            }
            for (int j = 0; j < logits.length; j++) {
                out[i][j] = (float) (logits[j] / sum);
            }
        }
        return out;
    }

    /** The index of the largest value of a row (the first one on ties). */
    static int argmax(float[] row) {
        int best = 0;
        for (int j = 1; j < row.length; j++) {
            if (row[j] > row[best]) {
                best = j;
            }
        }
        return best;
    }

    static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("cannot compare a " + a.length + "-d and a " + b.length
                    + "-d embedding");
        }
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            sum += (double) a[k] * b[k];
        }
        return sum;
    }

    /** The L2 norm, floored at 1e-12 as {@code torch.nn.functional.normalize} does. */
    static double norm(float[] v) {
        return Math.max(Math.sqrt(dot(v, v)), 1e-12);
    }
}
