package dev.bindery.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;

/**
 * The rows of every JSON summary the benchmarks write: name, value, unit, the baseline it is compared with (what
 * that baseline is, when it says more than the name), and the ratio value / baseline.
 */
final class SummaryRows {
    private SummaryRows() {
    }

    /** A row without a description of its baseline. */
    static Map<String, Object> row(String name, double value, String unit, Double baseline) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", name);
        row.put("value", value);
        row.put("unit", unit);
        row.put("baseline", baseline);
        row.put("ratio", baseline == null ? null : value / baseline);
        return row;
    }

    /** A row whose baseline is described by {@code baselineIs} (kept only when there is a baseline). */
    static Map<String, Object> row(String name, double value, String unit, Double baseline, String baselineIs) {
        Map<String, Object> row = row(name, value, unit, baseline);
        row.put("baseline_is", baseline == null ? null : baselineIs);
        return row;
    }

    /** The median of a JMH result's measurements, in its output unit. */
    static double median(RunResult result) {
        return result.getPrimaryResult().getStatistics().getPercentile(50);
    }
}
