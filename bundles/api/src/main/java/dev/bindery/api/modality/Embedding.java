package dev.bindery.api.modality;

import java.util.Objects;

/**
 * A vector in the shared embedding space, as an encoder returns it: after the encoder's own postprocessing (for
 * ImageBind: L2 normalisation followed by the modality's logit scale, so it is generally not unit-length). Consumers
 * that mix modalities normalise it first ({@link #normalized()}), as ImageBind-LLM does.
 */
public final class Embedding {
    private final Modality modality;
    private final String modelId;
    private final float[] vector;

    public Embedding(Modality modality, String modelId, float[] vector) {
        this.modality = Objects.requireNonNull(modality, "modality");
        this.modelId = Objects.requireNonNull(modelId, "modelId");
        this.vector = Objects.requireNonNull(vector, "vector").clone();
        for (int i = 0; i < vector.length; i++) {
            if (!Float.isFinite(vector[i])) {
                throw new IllegalArgumentException(modality + " embedding from " + modelId + " has a non-finite value "
                        + vector[i] + " at index " + i);
            }
        }
    }

    public Modality modality() {
        return modality;
    }

    /** The id of the model that produced the vector; vectors of different models do not share a space. */
    public String modelId() {
        return modelId;
    }

    public int dimension() {
        return vector.length;
    }

    /** A copy of the vector. */
    public float[] vector() {
        return vector.clone();
    }

    /** The vector divided by its L2 norm (computed in double), as {@code torch.nn.functional.normalize} does. */
    public float[] normalized() {
        double sum = 0;
        for (float v : vector) {
            sum += (double) v * v;
        }
        double norm = Math.max(Math.sqrt(sum), 1e-12);
        float[] out = new float[vector.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (vector[i] / norm);
        }
        return out;
    }

    @Override
    public String toString() {
        return modality + " embedding (" + vector.length + "-d, " + modelId + ")";
    }
}
