package dev.bindery.shell.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bindery.api.assistant.Answer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** An answer as the JSON object {@code bindery:ask --json} prints; times in milliseconds. */
final class AnswerJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AnswerJson() {
    }

    static String write(Answer answer) throws JsonProcessingException {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("answer", answer.text());
        object.put("stop_reason", answer.stopReason().name().toLowerCase(Locale.ROOT));
        object.put("strategy", answer.strategy());
        object.put("prompt_tokens", answer.promptTokens());
        object.put("generated_tokens", answer.generatedTokens());
        Map<String, Object> timings = new LinkedHashMap<>();
        answer.timings().stages().forEach((stage, time) -> timings.put(stage, time.toNanos() / 1e6));
        object.put("timings_ms", timings);
        object.put("decode_tokens_per_second", answer.timings().decodeTokensPerSecond());
        return JSON.writeValueAsString(object);
    }
}
