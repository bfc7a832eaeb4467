package dev.bindery.itests.thirdparty;

import dev.bindery.api.InvalidInputException;
import dev.bindery.api.encoder.EncoderInfo;
import dev.bindery.api.encoder.ModalityEncoder;
import dev.bindery.api.modality.Embedding;
import dev.bindery.api.modality.Modality;
import dev.bindery.api.modality.ModalityInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A third party's encoder for a modality Bindery does not know, {@code tabular}: a row of numbers (a CSV file or a
 * tensor) becomes a vector by repeating the row to the embedding dimension, {@code v[k] = row[k % n]}. Written
 * against the public API only (it is packed into a bundle of its own by the hot-swap test).
 */
public final class ThirdPartyTabularEncoder implements ModalityEncoder {
    public static final Modality TABULAR = Modality.of("tabular");

    private final EncoderInfo info;

    public ThirdPartyTabularEncoder(String modelId, int dimension) {
        this.info = new EncoderInfo(TABULAR, "cpu", modelId, dimension);
    }

    @Override
    public EncoderInfo info() {
        return info;
    }

    @Override
    public Embedding encode(ModalityInput input) throws InvalidInputException {
        if (!TABULAR.equals(input.modality())) {
            throw new InvalidInputException("the tabular encoder cannot encode " + input.describe());
        }
        float[] row = input.tensor().orElseGet(() -> readRow(input));
        if (row.length == 0) {
            throw new InvalidInputException(input.describe() + " holds no numbers");
        }
        float[] vector = new float[info.dimension()];
        for (int k = 0; k < vector.length; k++) {
            vector[k] = row[k % row.length];
        }
        return new Embedding(TABULAR, info.modelId(), vector);
    }

    private static float[] readRow(ModalityInput input) {
        Path file = input.file().orElseThrow(() -> new IllegalArgumentException(input.describe()
                + ": give a CSV file or a tensor"));
        try {
            String[] cells = Files.readString(file, StandardCharsets.UTF_8).trim().split("[,\\s]+");
            float[] row = new float[cells.length];
            for (int i = 0; i < cells.length; i++) {
                row[i] = Float.parseFloat(cells[i]);
            }
            return row;
        } catch (IOException | NumberFormatException e) {
            throw new IllegalArgumentException(file + " is not a row of numbers: " + e.getMessage(), e);
        }
    }
}
