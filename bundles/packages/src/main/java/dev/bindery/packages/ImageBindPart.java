package dev.bindery.packages;

import java.util.Map;

/**
 * The ImageBind encoders of a package: one ONNX graph per modality (following the encoder graph contract of
 * {@code dev.bindery.onnx.session.EncoderSession}), all with the same embedding dimension.
 *
 * @param modelId   the id the encoders report (the checkpoint's name without extension)
 * @param dimension the embedding width every graph outputs
 * @param graphs    modality key ({@code vision}, {@code text}, ...) to the graph's path inside the package
 */
public record ImageBindPart(String modelId, int dimension, Map<String, String> graphs) {
    public ImageBindPart {
        graphs = Map.copyOf(graphs);
    }
}
