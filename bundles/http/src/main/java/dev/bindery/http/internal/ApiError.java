package dev.bindery.http.internal;

/**
 * A request that cannot be answered, with the HTTP status and the fields of OpenAI's error object: a message written
 * for the caller, the error type, the offending parameter (a JSON path such as {@code messages[0].content[1]}) and a
 * short machine-readable code.
 */
final class ApiError extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;
    private final String param;
    private final String code;

    ApiError(int status, String type, String code, String param, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    /** 400: the request is malformed or names something unusable. */
    static ApiError invalid(String code, String param, String message) {
        return new ApiError(400, "invalid_request_error", code, param, message);
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    String param() {
        return param;
    }

    String code() {
        return code;
    }
}
