package dev.bindery.api;

/**
 * Two pieces of the pipeline do not fit together, or a model file does not match what it claims to be: a checkpoint
 * with a missing or misshaped key, an embedding dimension the bind network does not take, a LLaMA base that does not
 * fit the adapter, a checksum that does not match the model package's manifest. A service refuses to load such a model
 * rather than answer with garbage.
 */
public class ModelMismatchException extends BinderyException {
    private static final long serialVersionUID = 1L;

    public ModelMismatchException(String message) {
        super(message);
    }

    public ModelMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
