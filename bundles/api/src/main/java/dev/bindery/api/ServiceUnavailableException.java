package dev.bindery.api;

/**
 * A service the request needs is not registered (no encoder for a modality, no language model loaded, an unknown
 * strategy or cache) or went away while the request ran. Retrying may succeed once the service is back.
 */
public class ServiceUnavailableException extends BinderyException {
    private static final long serialVersionUID = 1L;

    public ServiceUnavailableException(String message) {
        super(message);
    }

    public ServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
