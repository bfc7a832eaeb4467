package dev.bindery.llama.internal.tokenizer;

import java.io.IOException;

/**
 * A tokenizer file that cannot be used: corrupt, inconsistent (duplicate pieces, no unknown piece, a special id out of
 * range), or using a feature this implementation does not support. The message names the file and the field.
 */
public final class TokenizerFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public TokenizerFormatException(String message) {
        super(message);
    }

    public TokenizerFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
