package dev.bindery.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.assistant.Answer;
import dev.bindery.api.assistant.Timings;
import dev.bindery.api.llm.StopReason;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void histogramBucketsAreCumulative() {
        Histogram h = new Histogram(new double[] {0.1, 1});
        h.observe(0.05);
        h.observe(0.5);
        h.observe(0.5);
        h.observe(3);
        StringBuilder out = new StringBuilder();
        h.write(out, "x", "stage=\"bind\",");
        String text = out.toString();
        assertTrue(text.contains("x_bucket{stage=\"bind\",le=\"0.1\"} 1\n"), text);
        assertTrue(text.contains("x_bucket{stage=\"bind\",le=\"1\"} 3\n"), text);
        assertTrue(text.contains("x_bucket{stage=\"bind\",le=\"+Inf\"} 4\n"), text);
        assertTrue(text.contains("x_count{stage=\"bind\"} 4\n"), text);
        assertTrue(text.contains("x_sum{stage=\"bind\"} 4.05\n"), text);
    }

    @Test
    void answersRequestsAndStagesAreCounted() {
        Metrics metrics = new Metrics();
        Map<String, Duration> stages = new LinkedHashMap<>();
        stages.put("encode.image", Duration.ofMillis(40));
        stages.put("decode", Duration.ofMillis(500));
        metrics.answer(new Answer("hi", StopReason.MAX_TOKENS, "naive", 30, 10, new Timings(stages, 20)));
        metrics.request("/v1/chat/completions", 200, 600_000_000L);
        metrics.request("/v1/chat/completions", 429, 1_000_000L);
        StringBuilder out = new StringBuilder();
        metrics.write(out);
        String text = out.toString();
        assertTrue(text.contains("bindery_http_requests_total{endpoint=\"/v1/chat/completions\",status=\"200\"} 1"),
                text);
        assertTrue(text.contains("bindery_http_requests_total{endpoint=\"/v1/chat/completions\",status=\"429\"} 1"),
                text);
        assertTrue(text.contains("bindery_generated_tokens_total 10\n"), text);
        assertTrue(text.contains("bindery_prompt_tokens_total 30\n"), text);
        assertTrue(text.contains("bindery_decode_seconds_total 0.5\n"), text);
        assertTrue(text.contains("bindery_decode_tokens_per_second 20\n"), text);
        assertTrue(text.contains("bindery_stage_duration_seconds_count{stage=\"encode.image\"} 1"), text);
        assertTrue(text.contains("# TYPE bindery_stage_duration_seconds histogram"), text);
    }

    @Test
    void labelValuesAreEscaped() {
        assertEquals("k=\"a\\\"b\\\\c\\nd\"", Metrics.label("k", "a\"b\\c\nd"));
    }
}
