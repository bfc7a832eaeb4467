package dev.bindery.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bindery.api.assistant.AssistantRequest;
import dev.bindery.api.assistant.WeightedInput;
import dev.bindery.api.llm.SamplingOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an OpenAI chat completion request into a {@link ChatCall}.
 *
 * <p>The Alpaca template ImageBind-LLM was tuned with has an instruction and an optional input section, not a
 * dialogue: the last user message's text is the instruction; the system messages and earlier turns, if any, go into
 * the input section as {@code role: text} lines (or the {@code input} field sets it directly). Media parts of every
 * user message are the request's inputs. Bindery's extra fields: {@code strategy}, {@code cache_size},
 * {@code cache_temperature}, {@code cache_weight}, {@code input}.
 */
final class ChatRequestParser {
    private final ContentParts parts;

    ChatRequestParser(ContentParts parts) {
        this.parts = parts;
    }

    ChatCall parse(JsonNode body) throws ApiError {
        if (body == null || !body.isObject()) {
            throw ApiError.invalid("invalid_json", null, "the request body must be a JSON object");
        }
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.size() == 0) {
            throw ApiError.invalid("missing_messages", "messages", "messages must be a non-empty array");
        }
        int n = body.path("n").asInt(1);
        if (n != 1) {
            throw ApiError.invalid("unsupported_n", "n", "n must be 1: Bindery answers one choice per request");
        }
        int lastUser = -1;
        for (int i = 0; i < messages.size(); i++) {
            if ("user".equals(messages.get(i).path("role").asText())) {
                lastUser = i;
            }
        }
        if (lastUser < 0) {
            throw ApiError.invalid("missing_user_message", "messages", "messages holds no message with role user");
        }
        List<WeightedInput> inputs = new ArrayList<>();
        StringBuilder context = new StringBuilder();
        String instruction = null;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String param = "messages[" + i + "]";
            String role = message.path("role").asText("");
            if (!List.of("system", "developer", "user", "assistant").contains(role)) {
                throw ApiError.invalid("invalid_role", param + ".role", param + ".role '" + role
                        + "' is not one of system, developer, user, assistant");
            }
            String text = messageText(message.get("content"), param + ".content", "user".equals(role) ? inputs : null);
            if (i == lastUser) {
                instruction = text;
            } else if (!text.isBlank()) {
                context.append(context.length() == 0 ? "" : "\n").append(role).append(": ").append(text);
            }
        }
        if (instruction == null || instruction.isBlank()) {
            throw ApiError.invalid("missing_text", "messages[" + lastUser + "].content", "the last user message"
                    + " has no text: say what to do with its inputs");
        }
        String input = body.hasNonNull("input") ? body.get("input").asText() : context.length() == 0 ? null
                : context.toString();
        String model = ContentParts.text(body.get("model"));
        String strategy = ContentParts.text(body.get("strategy"));
        boolean stream = body.path("stream").asBoolean(false);
        boolean usage = body.path("stream_options").path("include_usage").asBoolean(false);
        return new ChatCall(new AssistantRequest(instruction, input, inputs, strategy, strategyOptions(body),
                sampling(body)), model, stream, usage);
    }

    /** The text of a message's content (a string or an array of parts); media parts go to {@code inputs}. */
    private String messageText(JsonNode content, String param, List<WeightedInput> inputs) throws ApiError {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw ApiError.invalid("invalid_content", param, param + " must be a string or an array of parts");
        }
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String partParam = param + "[" + j + "]";
            String type = part.path("type").asText("");
            if ("text".equals(type)) {
                text.append(text.length() == 0 ? "" : "\n").append(part.path("text").asText(""));
            } else if (ContentParts.isMedia(type)) {
                if (inputs == null) {
                    throw ApiError.invalid("invalid_content", partParam, partParam + ": only user messages may carry"
                            + " media");
                }
                inputs.add(parts.read(part, type, partParam));
            } else {
                throw ApiError.invalid("unsupported_content_type", partParam + ".type", "content part type '" + type
                        + "' is not supported; use text, image_url, input_audio or Bindery's "
                        + String.join(", ", new java.util.TreeSet<>(ContentParts.BINDERY_TYPES.keySet())));
            }
        }
        return text.toString();
    }

    private static Map<String, String> strategyOptions(JsonNode body) throws ApiError {
        Map<String, String> options = new LinkedHashMap<>();
        option(body, "cache_size", "cache_size", options, true);
        option(body, "cache_temperature", "cache_t", options, false);
        option(body, "cache_weight", "cache_weight", options, false);
        return options;
    }

    private static void option(JsonNode body, String field, String key, Map<String, String> options, boolean integer)
            throws ApiError {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return;
        }
        if (!v.isNumber() || (integer && !v.canConvertToInt())) {
            throw ApiError.invalid("invalid_" + field, field, field + " must be " + (integer ? "an integer" : "a number")
                    + ", was " + v);
        }
        options.put(key, integer ? String.valueOf(v.asInt()) : String.valueOf(v.asDouble()));
    }

    static SamplingOptions sampling(JsonNode body) throws ApiError {
        SamplingOptions s = SamplingOptions.defaults();
        try {
            if (body.hasNonNull("temperature")) {
                s = s.withTemperature((float) number(body, "temperature").asDouble());
            }
            if (body.hasNonNull("top_p")) {
                s = s.withTopP((float) number(body, "top_p").asDouble());
            }
            if (body.hasNonNull("top_k")) {
                s = s.withTopK(number(body, "top_k").asInt());
            }
            if (body.hasNonNull("seed")) {
                s = s.withSeed(number(body, "seed").asLong());
            }
            JsonNode max = body.hasNonNull("max_completion_tokens") ? number(body, "max_completion_tokens")
                    : body.hasNonNull("max_tokens") ? number(body, "max_tokens") : null;
            if (max != null) {
                s = s.withMaxNewTokens(max.asInt());
            }
            JsonNode stop = body.get("stop");
            if (stop != null && !stop.isNull()) {
                List<String> list = new ArrayList<>();
                if (stop.isTextual()) {
                    list.add(stop.asText());
                } else if (stop.isArray()) {
                    stop.forEach(e -> list.add(e.asText()));
                } else {
                    throw ApiError.invalid("invalid_stop", "stop", "stop must be a string or an array of strings");
                }
                s = s.withStop(list);
            }
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid("invalid_sampling", null, e.getMessage());
        }
        return s;
    }

    private static JsonNode number(JsonNode body, String field) throws ApiError {
        JsonNode v = body.get(field);
        if (!v.isNumber()) {
            throw ApiError.invalid("invalid_" + field, field, field + " must be a number, was " + v);
        }
        return v;
    }
}
