package dev.bindery.llama.internal.generation;

import java.util.List;

/**
 * Text-level stop sequences for a stream: {@link #accept} returns the text that can be shown now and holds back any
 * tail that might be the start of a stop sequence; once a stop sequence appears, the text before it is returned and
 * the stream is {@link #stopped()}. The stop sequence itself is never returned. Not thread-safe.
 */
public final class StopSequences {
    private final List<String> stops;
    private final StringBuilder pending = new StringBuilder();
    private boolean stopped;

    /** @param stops non-empty strings; an empty list lets all text through at once */
    public StopSequences(List<String> stops) {
        for (String s : stops) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("a stop sequence must not be empty");
            }
        }
        this.stops = List.copyOf(stops);
    }

    /** Takes new text; returns what may be shown now (empty after a stop). */
    public String accept(String text) {
        if (stopped) {
            return "";
        }
        pending.append(text);
        int first = -1;
        for (String stop : stops) {
            int at = pending.indexOf(stop);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        if (first >= 0) {
            stopped = true;
            String out = pending.substring(0, first);
            pending.setLength(0);
            return out;
        }
        int hold = longestPartialMatch();
        String out = pending.substring(0, pending.length() - hold);
        pending.delete(0, pending.length() - hold);
        return out;
    }

    /** Whether a stop sequence has appeared. */
    public boolean stopped() {
        return stopped;
    }

    /** The end of the stream: returns the held-back text (it can no longer become a stop sequence). */
    public String flush() {
        String out = stopped ? "" : pending.toString();
        pending.setLength(0);
        return out;
    }

    /** The length of the longest tail of the pending text that is a proper prefix of a stop sequence. */
    private int longestPartialMatch() {
        String text = pending.toString();
        int best = 0;
        for (String stop : stops) {
            for (int k = Math.min(stop.length() - 1, text.length()); k > best; k--) {
                if (text.regionMatches(text.length() - k, stop, 0, k)) {
                    best = k;
                    break;
                }
            }
        }
        return best;
    }
}
