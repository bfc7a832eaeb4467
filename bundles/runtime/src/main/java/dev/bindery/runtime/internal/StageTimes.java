package dev.bindery.runtime.internal;

import dev.bindery.api.assistant.AnswerListener;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-stage times of one request, in the order the stages finished; times of a stage recorded twice (two inputs
 * of one modality) add up. Each finished stage is reported to the request's listener at once.
 */
final class StageTimes {
    private final Map<String, Duration> stages = new LinkedHashMap<>();
    private final AnswerListener listener;

    StageTimes(AnswerListener listener) {
        this.listener = listener;
    }

    synchronized void record(String stage, Duration time) {
        stages.merge(stage, time, Duration::plus);
        listener.onStage(stage, time);
    }

    synchronized Map<String, Duration> snapshot() {
        return new LinkedHashMap<>(stages);
    }
}
