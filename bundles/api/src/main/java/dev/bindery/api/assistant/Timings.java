package dev.bindery.api.assistant;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Time per pipeline stage, in the order the stages ran (e.g. {@code encode.image}, {@code encode.audio},
 * {@code cache}, {@code bind}, {@code prompt}, {@code decode}), plus the decode speed.
 */
public final class Timings {
    private final Map<String, Duration> stages;
    private final double decodeTokensPerSecond;

    public Timings(Map<String, Duration> stages, double decodeTokensPerSecond) {
        this.stages = Collections.unmodifiableMap(new LinkedHashMap<>(stages));
        this.decodeTokensPerSecond = decodeTokensPerSecond;
    }

    public Map<String, Duration> stages() {
        return stages;
    }

    public double decodeTokensPerSecond() {
        return decodeTokensPerSecond;
    }

    /** One line such as {@code encode.image 41 ms, bind 3 ms, prompt 12 ms, decode 88 ms (45.2 tok/s)}. */
    public String summary() {
        StringBuilder line = new StringBuilder();
        stages.forEach((stage, time) -> {
            if (line.length() > 0) {
                line.append(", ");
            }
            line.append(stage).append(' ').append(formatMillis(time)).append(" ms");
        });
        if (decodeTokensPerSecond > 0) {
            line.append(String.format(java.util.Locale.ROOT, " (%.1f tok/s)", decodeTokensPerSecond));
        }
        return line.toString();
    }

    private static String formatMillis(Duration time) {
        double ms = time.toNanos() / 1e6;
        return ms >= 10 ? String.valueOf(Math.round(ms)) : String.format(java.util.Locale.ROOT, "%.2f", ms);
    }

    @Override
    public String toString() {
        return summary();
    }
}
