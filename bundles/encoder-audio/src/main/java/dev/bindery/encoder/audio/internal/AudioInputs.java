package dev.bindery.encoder.audio.internal;

import dev.bindery.api.InvalidInputException;
import dev.bindery.api.modality.ModalityInput;
import dev.bindery.onnx.session.EncoderInput;
import dev.bindery.onnx.session.TensorInputs;
import dev.bindery.onnx.session.TrunkEncoder;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Turns an audio input into the encoder's {@code 3 x 1 x 128 x 204} clips: a WAV file or upload goes through
 * upstream's preprocessing ({@link AudioPreprocessor}); a tensor, or an {@code .npy} array given as a file (by its
 * {@code .npy} name) or as bytes (by its magic), is taken as already preprocessed.
 */
final class AudioInputs implements TrunkEncoder.Preparer {
    private final AudioPreprocessor preprocessor;

    AudioInputs(AudioPreprocessor preprocessor) {
        this.preprocessor = preprocessor;
    }

    @Override
    public EncoderInput prepare(ModalityInput input, long[] inputShape) throws InvalidInputException {
        String what = input.describe();
        switch (input.kind()) {
            case FILE: {
                Path file = input.file().orElseThrow();
                float[] values = isNpyName(file) ? TensorInputs.floats(input, inputShape)
                        : preprocessor.preprocess(file);
                return EncoderInput.ofFloats(values, what);
            }
            case BYTES: {
                byte[] bytes = input.bytes().orElseThrow();
                float[] values = TensorInputs.looksLikeNpy(bytes) ? TensorInputs.floats(input, inputShape)
                        : preprocessor.preprocess(bytes, what);
                return EncoderInput.ofFloats(values, what);
            }
            case TENSOR:
                return EncoderInput.ofFloats(TensorInputs.floats(input, inputShape), what);
            default:
                throw new InvalidInputException(what + " is text, not audio");
        }
    }

    private static boolean isNpyName(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".npy");
    }
}
