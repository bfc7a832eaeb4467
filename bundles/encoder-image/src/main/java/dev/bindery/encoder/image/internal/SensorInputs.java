package dev.bindery.encoder.image.internal;

import dev.bindery.api.InvalidInputException;
import dev.bindery.api.modality.ModalityInput;
import dev.bindery.onnx.session.EncoderInput;
import dev.bindery.onnx.session.TensorInputs;
import dev.bindery.onnx.session.TrunkEncoder;
import java.nio.file.Path;

/**
 * Depth, thermal and IMU inputs: tensors and {@code .npy} arrays of the trunk's shape as they are; for depth and
 * thermal also image files and uploads (PNG 8/16-bit grayscale, or any image the image encoder reads), through
 * {@link SensorImagePreprocessor}.
 */
final class SensorInputs implements TrunkEncoder.Preparer {
    private final SensorImagePreprocessor images;
    private final boolean depth;

    /** @param images null for IMU (no image form) */
    SensorInputs(SensorImagePreprocessor images, boolean depth) {
        this.images = images;
        this.depth = depth;
    }

    @Override
    public EncoderInput prepare(ModalityInput input, long[] itemShape) throws InvalidInputException {
        String what = input.describe();
        float[] values;
        switch (input.kind()) {
            case FILE: {
                Path file = input.file().orElseThrow();
                boolean npy = file.getFileName() != null && file.getFileName().toString().endsWith(".npy");
                values = npy || images == null ? TensorInputs.floats(input, itemShape)
                        : images.preprocess(file, depth);
                break;
            }
            case BYTES: {
                byte[] bytes = input.bytes().orElseThrow();
                values = TensorInputs.looksLikeNpy(bytes) || images == null ? TensorInputs.floats(input, itemShape)
                        : images.preprocess(bytes, what, depth);
                break;
            }
            default:
                values = TensorInputs.floats(input, itemShape);
        }
        return EncoderInput.ofFloats(values, what);
    }
}
