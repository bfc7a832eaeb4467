package dev.bindery.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** One request and its response: the body within the size limit, JSON answers, errors in OpenAI's shape. */
final class Exchange {
    /** How much of an oversized body is still read (and dropped) so the client can read the 413 before closing. */
    private static final long DRAIN_LIMIT = 64L << 20;

    final HttpServletRequest request;
    final HttpServletResponse response;
    private int status = 200;

    Exchange(HttpServletRequest request, HttpServletResponse response) {
        this.request = request;
        this.response = response;
    }

    /** The status answered so far (for the metrics). */
    int status() {
        return status;
    }

    /** The body as JSON, refusing one over {@code limit} bytes (413) and text that is not JSON (400). */
    JsonNode readJson(long limit) throws ApiError, IOException {
        long declared = request.getContentLengthLong();
        InputStream in = request.getInputStream();
        if (declared > limit) {
            drain(in);
            throw tooLarge(declared, limit);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
        byte[] buffer = new byte[65536];
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            total += n;
            if (total > limit) {
                drain(in);
                throw tooLarge(-1, limit);
            }
            body.write(buffer, 0, n);
        }
        if (total == 0) {
            throw ApiError.invalid("invalid_json", null, "the request has no body: send a JSON object");
        }
        try {
            return JsonShapes.JSON.readTree(body.toByteArray());
        } catch (JsonProcessingException e) {
            throw ApiError.invalid("invalid_json", null, "the request body is not valid JSON: "
                    + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        }
    }

    private static void drain(InputStream in) {
        try {
            byte[] buffer = new byte[65536];
            long dropped = 0;
            for (int n; dropped < DRAIN_LIMIT && (n = in.read(buffer)) > 0; ) {
                dropped += n;
            }
        } catch (IOException e) {
            // The client gave up sending; the 413 is still written if the connection allows.
        }
    }

    private static ApiError tooLarge(long declared, long limit) {
        return new ApiError(413, "invalid_request_error", "request_too_large", null, "the request body"
                + (declared > 0 ? " of " + declared + " bytes" : "") + " is larger than the limit of " + limit
                + " bytes (max.request.bytes in etc/dev.bindery.http.cfg)");
    }

    void sendJson(int code, JsonNode body) throws IOException {
        send(code, "application/json", JsonShapes.JSON.writeValueAsBytes(body));
    }

    void sendError(ApiError error) throws IOException {
        if (error.status() == 429) {
            response.setHeader("Retry-After", "1");
        }
        if (error.status() == 401) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        sendJson(error.status(), JsonShapes.error(error));
    }

    void sendText(int code, String contentType, String text) throws IOException {
        send(code, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    void send(int code, String contentType, byte[] bytes) throws IOException {
        status = code;
        response.setStatus(code);
        response.setContentType(contentType);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** Marks the response as a stream that started with 200. */
    void streaming() {
        status = 200;
    }
}
