package dev.bindery.encoder.image.internal;

import dev.bindery.api.InvalidInputException;
import dev.bindery.api.modality.ModalityInput;
import dev.bindery.onnx.session.EncoderInput;
import dev.bindery.onnx.session.TensorInputs;
import dev.bindery.onnx.session.TrunkEncoder;
import java.nio.file.Path;

/**
 * Turns a video input into the video encoder's 15 vision-graph items ({@link VideoPreprocessor}): a file or folder
 * path, or uploaded bytes; a tensor or {@code .npy} array of shape {@code (15, 3, 2, 224, 224)} is taken as already
 * preprocessed (upstream's {@code load_and_transform_video_data} output for one video).
 */
final class VideoInputs implements TrunkEncoder.Preparer {
    private final VideoPreprocessor preprocessor;

    VideoInputs(VideoPreprocessor preprocessor) {
        this.preprocessor = preprocessor;
    }

    @Override
    public EncoderInput prepare(ModalityInput input, long[] shape) throws InvalidInputException {
        String what = input.describe();
        float[] values;
        switch (input.kind()) {
            case FILE: {
                Path file = input.file().orElseThrow();
                boolean npy = file.getFileName() != null && file.getFileName().toString().endsWith(".npy");
                values = npy ? TensorInputs.floats(input, shape) : preprocessor.preprocess(file);
                break;
            }
            case BYTES: {
                byte[] bytes = input.bytes().orElseThrow();
                values = TensorInputs.looksLikeNpy(bytes) ? TensorInputs.floats(input, shape)
                        : preprocessor.preprocess(bytes, what);
                break;
            }
            case TENSOR:
                values = TensorInputs.floats(input, shape);
                break;
            default:
                throw new InvalidInputException(what + " is text, not a video");
        }
        return EncoderInput.ofFloats(values, what);
    }
}
