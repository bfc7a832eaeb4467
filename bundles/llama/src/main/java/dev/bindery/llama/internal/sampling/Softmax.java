package dev.bindery.llama.internal.sampling;

/**
 * {@code torch.softmax(logits / temperature, dim=-1)} in float32 as upstream {@code generate()} computes it: divide,
 * subtract the maximum, exponentiate, normalise.
 */
public final class Softmax {
    private Softmax() {
    }

    /**
     * The probabilities of {@code logits / temperature}.
     *
     * @throws IllegalArgumentException if the temperature is not a positive finite number
     */
    public static float[] withTemperature(float[] logits, float temperature) {
        if (!(temperature > 0) || !Float.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a positive finite number, was " + temperature);
        }
        float[] p = new float[logits.length];
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < p.length; i++) {
            p[i] = logits[i] / temperature;
            max = Math.max(max, p[i]);
        }
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) Math.exp(p[i] - max);
            sum += p[i];
        }
        float scale = (float) (1.0 / sum);
        for (int i = 0; i < p.length; i++) {
            p[i] *= scale;
        }
        return p;
    }
}
