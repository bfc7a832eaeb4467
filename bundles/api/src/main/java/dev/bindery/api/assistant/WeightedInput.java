package dev.bindery.api.assistant;

import dev.bindery.api.modality.ModalityInput;
import java.util.Objects;

/** One input of a request with its mixing weight (1.0 unless the user says otherwise). */
public final class WeightedInput {
    private final ModalityInput input;
    private final float weight;

    public WeightedInput(ModalityInput input, float weight) {
        this.input = Objects.requireNonNull(input, "input");
        if (!(weight >= 0) || !Float.isFinite(weight)) {
            throw new IllegalArgumentException("the weight of " + input.describe()
                    + " must be a finite number >= 0, was " + weight);
        }
        this.weight = weight;
    }

    public static WeightedInput of(ModalityInput input) {
        return new WeightedInput(input, 1f);
    }

    public ModalityInput input() {
        return input;
    }

    public float weight() {
        return weight;
    }
}
