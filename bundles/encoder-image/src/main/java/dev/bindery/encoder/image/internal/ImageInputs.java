package dev.bindery.encoder.image.internal;

import dev.bindery.api.InvalidInputException;
import dev.bindery.api.modality.ModalityInput;
import dev.bindery.onnx.imagebind.PadIm2Video;
import dev.bindery.onnx.session.EncoderInput;
import dev.bindery.onnx.session.TensorInputs;
import dev.bindery.onnx.session.TrunkEncoder;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Turns an image input into the vision graph's item: an image file or upload goes through upstream's preprocessing
 * ({@link VisionPreprocessor}); a tensor or an {@code .npy} array is taken as already preprocessed (3 x 224 x 224).
 * The graphs built here take 2-frame clips (3 x 2 x 224 x 224), so the image becomes the clip of its frame repeated,
 * as upstream's {@code PadIm2Video} does; a graph of the older image layout (3 x 224 x 224) gets the image as is.
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
        long[] imageShape = imageShape(itemShape);
        float[] image;
        switch (input.kind()) {
            case FILE: {
                Path file = input.file().orElseThrow();
                boolean npy = file.getFileName() != null && file.getFileName().toString().endsWith(".npy");
                image = npy ? TensorInputs.floats(input, imageShape) : preprocessor.preprocess(file);
                break;
            }
            case BYTES: {
                byte[] bytes = input.bytes().orElseThrow();
                image = TensorInputs.looksLikeNpy(bytes) ? TensorInputs.floats(input, imageShape)
                        : preprocessor.preprocess(bytes, what);
                break;
            }
            case TENSOR:
                image = TensorInputs.floats(input, imageShape);
                break;
            default:
                throw new InvalidInputException(what + " is text, not an image");
        }
        return EncoderInput.ofFloats(toItem(image, itemShape), what);
    }

    /** The image part of the graph's item: (C, H, W) of a clip (C, T, H, W), or the item itself. */
    static long[] imageShape(long[] itemShape) {
        if (itemShape.length == 4) {
            return new long[] {itemShape[0], itemShape[2], itemShape[3]};
        }
        return itemShape.clone();
    }

    /** The image as the graph's item: repeated over the clip's frames when the graph takes clips. */
    static float[] toItem(float[] image, long[] itemShape) {
        if (itemShape.length == 4) {
            return PadIm2Video.repeat(image, (int) itemShape[0], (int) itemShape[1]);
        }
        if (itemShape.length != 3) {
            throw new IllegalArgumentException("not a vision item shape: " + Arrays.toString(itemShape));
        }
        return image;
    }
}
