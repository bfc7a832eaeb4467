package dev.bindery.http.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bindery.api.assistant.Answer;
import dev.bindery.api.llm.StopReason;

/**
 * The JSON objects the API answers with, in OpenAI's shapes: chat completions and their stream chunks, usage, and
 * errors. Bindery's extras (per-stage timings, strategy) ride in a {@code bindery} field that OpenAI clients ignore.
 */
final class JsonShapes {
    static final ObjectMapper JSON = new ObjectMapper();

    private JsonShapes() {
    }

    static ObjectNode error(ApiError e) {
        ObjectNode error = JSON.createObjectNode();
        error.put("message", e.getMessage());
        error.put("type", e.type());
        if (e.param() == null) {
            error.putNull("param");
        } else {
            error.put("param", e.param());
        }
        if (e.code() == null) {
            error.putNull("code");
        } else {
            error.put("code", e.code());
        }
        ObjectNode root = JSON.createObjectNode();
        root.set("error", error);
        return root;
    }

    static ObjectNode completion(String id, long created, String model, Answer answer) {
        ObjectNode root = head(id, "chat.completion", created, model);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", answer.text());
        choice.put("finish_reason", finishReason(answer.stopReason()));
        root.set("usage", usage(answer));
        root.set("bindery", extras(answer));
        return root;
    }

    /** A chunk with new text; the first one of a stream also carries the role. */
    static ObjectNode delta(String id, long created, String model, String text, boolean first) {
        ObjectNode root = head(id, "chat.completion.chunk", created, model);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (first) {
            delta.put("role", "assistant");
        }
        delta.put("content", text);
        choice.putNull("finish_reason");
        return root;
    }

    /** The chunk that ends the choice: empty delta, the finish reason, and Bindery's timings. */
    static ObjectNode finish(String id, long created, String model, Answer answer) {
        ObjectNode root = head(id, "chat.completion.chunk", created, model);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta");
        choice.put("finish_reason", finishReason(answer.stopReason()));
        root.set("bindery", extras(answer));
        return root;
    }

    /** The last chunk of {@code stream_options.include_usage}: no choices, the usage. */
    static ObjectNode usageChunk(String id, long created, String model, Answer answer) {
        ObjectNode root = head(id, "chat.completion.chunk", created, model);
        root.putArray("choices");
        root.set("usage", usage(answer));
        return root;
    }

    static ObjectNode usage(Answer answer) {
        ObjectNode usage = JSON.createObjectNode();
        usage.put("prompt_tokens", answer.promptTokens());
        usage.put("completion_tokens", answer.generatedTokens());
        usage.put("total_tokens", answer.promptTokens() + answer.generatedTokens());
        return usage;
    }

    static ObjectNode extras(Answer answer) {
        ObjectNode extras = JSON.createObjectNode();
        if (answer.strategy() == null) {
            extras.putNull("strategy");
        } else {
            extras.put("strategy", answer.strategy());
        }
        ObjectNode timings = extras.putObject("timings_ms");
        answer.timings().stages().forEach((stage, time) -> timings.put(stage, time.toNanos() / 1e6));
        extras.put("decode_tokens_per_second", answer.timings().decodeTokensPerSecond());
        extras.put("stop_reason", answer.stopReason().name().toLowerCase(java.util.Locale.ROOT));
        return extras;
    }

    static String finishReason(StopReason reason) {
        switch (reason) {
            case MAX_TOKENS:
            case CONTEXT_FULL:
                return "length";
            default:
                return "stop";
        }
    }

    private static ObjectNode head(String id, String object, long created, String model) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", id);
        root.put("object", object);
        root.put("created", created);
        root.put("model", model);
        return root;
    }

    static ArrayNode floats(float[] vector) {
        ArrayNode array = JSON.createArrayNode();
        for (float v : vector) {
            array.add(v);
        }
        return array;
    }
}
