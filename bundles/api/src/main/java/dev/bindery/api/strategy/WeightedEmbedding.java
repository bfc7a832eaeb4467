package dev.bindery.api.strategy;

import dev.bindery.api.modality.Embedding;
import java.util.Objects;

/** An embedding with the weight the request gave its input (ImageBind-LLM's per-modality slider, 1.0 by default). */
public final class WeightedEmbedding {
    private final Embedding embedding;
    private final float weight;

    public WeightedEmbedding(Embedding embedding, float weight) {
        this.embedding = Objects.requireNonNull(embedding, "embedding");
        if (!(weight >= 0) || !Float.isFinite(weight)) {
            throw new IllegalArgumentException("the weight of a " + embedding.modality()
                    + " input must be a finite number >= 0, was " + weight);
        }
        this.weight = weight;
    }

    public Embedding embedding() {
        return embedding;
    }

    public float weight() {
        return weight;
    }
}
