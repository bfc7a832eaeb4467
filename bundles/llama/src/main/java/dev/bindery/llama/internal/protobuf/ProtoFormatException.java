package dev.bindery.llama.internal.protobuf;

import java.io.IOException;

/** A protobuf message that cannot be read: truncated, a bad length, an unknown wire type, invalid UTF-8. */
public final class ProtoFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public ProtoFormatException(String message) {
        super(message);
    }
}
