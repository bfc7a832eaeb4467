package dev.bindery.encoder.image.internal;

import dev.bindery.api.InvalidInputException;
import dev.bindery.api.modality.ModalityInput;
import dev.bindery.onnx.session.EncoderInput;
import dev.bindery.onnx.session.TensorInputs;
import dev.bindery.onnx.session.TrunkEncoder;
import java.nio.file.Path;

/**
 * Turns an image input into the vision graph's 3 x 224 x 224 item: an image file or upload goes through upstream's
 * preprocessing ({@link VisionPreprocessor}); a tensor or an {@code .npy} array is taken as already preprocessed.
 */
final class ImageInputs implements TrunkEncoder.Preparer {
    static {
        // Decoding goes through javax.imageio and java.awt.image; a server has no display.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private final VisionPreprocessor preprocessor;

    ImageInputs(VisionPreprocessor preprocessor) {
        this.preprocessor = preprocessor;
    }

    @Override
    public EncoderInput prepare(ModalityInput input, long[] itemShape) throws InvalidInputException {
        String what = input.describe();
        switch (input.kind()) {
            case FILE: {
                Path file = input.file().orElseThrow();
                boolean npy = file.getFileName() != null && file.getFileName().toString().endsWith(".npy");
                float[] values = npy ? TensorInputs.floats(input, itemShape) : preprocessor.preprocess(file);
                return EncoderInput.ofFloats(values, what);
            }
            case BYTES: {
                byte[] bytes = input.bytes().orElseThrow();
                float[] values = TensorInputs.looksLikeNpy(bytes) ? TensorInputs.floats(input, itemShape)
                        : preprocessor.preprocess(bytes, what);
                return EncoderInput.ofFloats(values, what);
            }
            case TENSOR:
                return EncoderInput.ofFloats(TensorInputs.floats(input, itemShape), what);
            default:
                throw new InvalidInputException(what + " is text, not an image");
        }
    }
}
