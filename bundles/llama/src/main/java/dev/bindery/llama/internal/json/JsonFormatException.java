package dev.bindery.llama.internal.json;

import java.io.IOException;

/** A JSON text that is not valid (strict RFC 8259), with the source, line and column of the problem. */
public final class JsonFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public JsonFormatException(String message) {
        super(message);
    }
}
