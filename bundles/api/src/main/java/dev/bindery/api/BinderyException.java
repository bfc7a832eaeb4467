package dev.bindery.api;

/**
 * Base of the checked exceptions a Bindery service throws for a request that cannot be served. Messages are written
 * for the person who sent the request: they name the input, the file or the key and say what is wrong.
 */
public class BinderyException extends Exception {
    private static final long serialVersionUID = 1L;

    public BinderyException(String message) {
        super(message);
    }

    public BinderyException(String message, Throwable cause) {
        super(message, cause);
    }
}
