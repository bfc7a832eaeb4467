package dev.bindery.api;

/**
 * The request's input cannot be used: an unreadable or corrupt file, a wrong shape, a wrong modality, a NaN, a value
 * out of range. Retrying the same request fails the same way; the caller must change the input.
 */
public class InvalidInputException extends BinderyException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
