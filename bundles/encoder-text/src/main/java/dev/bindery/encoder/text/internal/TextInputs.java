package dev.bindery.encoder.text.internal;

import dev.bindery.api.InvalidInputException;
import dev.bindery.api.modality.ModalityInput;
import dev.bindery.onnx.session.EncoderInput;
import dev.bindery.onnx.session.TrunkEncoder;
import java.util.Arrays;

/** Turns a text input into the text graph's 77 token ids with the CLIP tokenizer. */
final class TextInputs implements TrunkEncoder.Preparer {
    private final ClipTokenizer tokenizer;

    TextInputs(ClipTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    @Override
    public EncoderInput prepare(ModalityInput input, long[] itemShape) throws InvalidInputException {
        if (input.kind() != ModalityInput.Kind.TEXT) {
            throw new InvalidInputException(input.describe() + " is not a text: the text encoder takes text inputs");
        }
        if (itemShape.length != 1 || itemShape[0] != ClipTokenizer.CONTEXT_LENGTH) {
            throw new InvalidInputException("the text model takes " + Arrays.toString(itemShape) + " ids, the CLIP"
                    + " tokenizer gives " + ClipTokenizer.CONTEXT_LENGTH);
        }
        return EncoderInput.ofIds(tokenizer.tokenize(input.text().orElseThrow()), input.describe());
    }
}
