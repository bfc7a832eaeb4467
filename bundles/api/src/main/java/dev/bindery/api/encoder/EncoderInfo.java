package dev.bindery.api.encoder;

import dev.bindery.api.modality.Modality;
import java.util.Objects;

/**
 * Describes a {@link ModalityEncoder}: its modality, the device it runs on, the embedding model's id and the
 * embedding dimension.
 */
public final class EncoderInfo {
    private final Modality modality;
    private final String device;
    private final String modelId;
    private final int dimension;

    public EncoderInfo(Modality modality, String device, String modelId, int dimension) {
        this.modality = Objects.requireNonNull(modality, "modality");
        this.device = Objects.requireNonNull(device, "device");
        this.modelId = Objects.requireNonNull(modelId, "modelId");
        if (dimension <= 0) {
            throw new IllegalArgumentException("embedding dimension must be positive, was " + dimension);
        }
        this.dimension = dimension;
    }

    public Modality modality() {
        return modality;
    }

    public String device() {
        return device;
    }

    public String modelId() {
        return modelId;
    }

    public int dimension() {
        return dimension;
    }

    @Override
    public String toString() {
        return modality + " encoder " + modelId + " (" + dimension + "-d, " + device + ")";
    }
}
