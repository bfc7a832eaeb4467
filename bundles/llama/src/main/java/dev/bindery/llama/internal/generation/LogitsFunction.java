package dev.bindery.llama.internal.generation;

import dev.bindery.api.BinderyException;

/**
 * The model step the generation loop drives, upstream's {@code forward_inference(visual_query, tokens, start_pos)}:
 * feed {@code tokens} at positions {@code startPos..startPos + tokens.length - 1} (extending the key/value cache)
 * and return the logits of the last position.
 */
@FunctionalInterface
public interface LogitsFunction {
    float[] forward(int[] tokens, int startPos) throws BinderyException;
}
