package dev.bindery.runtime.internal;

import dev.bindery.api.InvalidInputException;
import dev.bindery.api.strategy.WeightedEmbedding;
import java.util.List;

/**
 * ImageBind-LLM's modality mixing ({@code forward_visual}): each embedding is L2-normalised, the weights are divided
 * by {@code sum(weights) + 1e-6}, and the weighted sum is returned as it is — upstream does not re-normalise it, so a
 * mix of several modalities is shorter than a unit vector and a single modality of weight 1 is scaled by
 * {@code 1 / (1 + 1e-6)}.
 */
final class EmbeddingMix {
    /** Upstream's guard against a zero weight sum. */
    static final double WEIGHT_EPSILON = 1e-6;

    private EmbeddingMix() {
    }

    static float[] mix(List<WeightedEmbedding> embeddings) throws InvalidInputException {
        if (embeddings.isEmpty()) {
            throw new InvalidInputException("there is no embedding to mix");
        }
        int dimension = embeddings.get(0).embedding().dimension();
        String modelId = embeddings.get(0).embedding().modelId();
        double weightSum = 0;
        for (WeightedEmbedding e : embeddings) {
            if (e.embedding().dimension() != dimension || !e.embedding().modelId().equals(modelId)) {
                throw new InvalidInputException("cannot mix " + e.embedding() + " with " + embeddings.get(0).embedding()
                        + ": embeddings of one request must come from one model");
            }
            weightSum += e.weight();
        }
        // The weights are Python floats upstream (double); the products and the sum are float32 tensor arithmetic.
        double denominator = weightSum + WEIGHT_EPSILON;
        float[] mixed = new float[dimension];
        for (WeightedEmbedding e : embeddings) {
            float weight = (float) (e.weight() / denominator);
            float[] unit = e.embedding().normalized();
            for (int i = 0; i < dimension; i++) {
                mixed[i] += weight * unit[i];
            }
        }
        return mixed;
    }
}
