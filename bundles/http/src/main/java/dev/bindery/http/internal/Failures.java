package dev.bindery.http.internal;

import dev.bindery.api.BinderyException;
import dev.bindery.api.InvalidInputException;
import dev.bindery.api.ModelMismatchException;
import dev.bindery.api.ServiceUnavailableException;

/** Maps the pipeline's exceptions to API errors with the status a client can act on. */
final class Failures {
    private Failures() {
    }

    static ApiError of(Throwable t) {
        if (t instanceof ApiError) {
            return (ApiError) t;
        }
        if (t instanceof InvalidInputException) {
            return ApiError.invalid("invalid_input", null, t.getMessage());
        }
        if (t instanceof ServiceUnavailableException) {
            return new ApiError(503, "service_unavailable", "service_unavailable", null, t.getMessage());
        }
        if (t instanceof ModelMismatchException) {
            return new ApiError(500, "server_error", "model_mismatch", null, t.getMessage());
        }
        if (t instanceof BinderyException) {
            return new ApiError(500, "server_error", "bindery_error", null, t.getMessage());
        }
        if (t instanceof IllegalArgumentException) {
            return ApiError.invalid("invalid_request", null, t.getMessage());
        }
        return new ApiError(500, "server_error", "internal_error", null, "internal error: " + t);
    }
}
