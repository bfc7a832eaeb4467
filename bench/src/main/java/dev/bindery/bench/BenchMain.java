package dev.bindery.bench;

import dev.bindery.tensor.DType;
import dev.bindery.tensor.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the kernel benchmarks and writes {@code kernels.json}: for every benchmark its median, unit, the baseline it
 * is compared with (measured in the same run) and the ratio.
 *
 * <pre>java -jar bench/target/benchmarks.jar [--out DIR] [--quick]</pre>
 *
 * {@code --quick} runs fewer, shorter iterations (for a smoke run; its numbers are not for quoting).
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws RunnerException, IOException {
        Path out = Paths.get("bench/results");
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out") && i + 1 < args.length) {
                out = Paths.get(args[++i]);
            } else if (args[i].equals("--quick")) {
                quick = true;
            } else {
                System.err.println("usage: java -jar benchmarks.jar [--out DIR] [--quick]");
                System.exit(2);
            }
        }
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(MemoryReadBenchmark.class.getSimpleName())
                .include(MatVecBenchmark.class.getSimpleName())
                .forks(1)
                .jvmArgsAppend("--add-modules=jdk.incubator.vector", "-Xmx8g")
                .warmupIterations(quick ? 1 : 3)
                .warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 2 : 7)
                .measurementTime(TimeValue.seconds(quick ? 1 : 2));
        Collection<RunResult> results = new Runner(options.build()).run();
        List<Map<String, Object>> summary = summarise(results);
        Files.createDirectories(out);
        Path file = out.resolve("kernels.json");
        Files.writeString(file, Json.write(summary) + "\n");
        System.out.println();
        for (Map<String, Object> row : summary) {
            System.out.printf(Locale.ROOT, "%-22s %8.2f %s%s%n", row.get("name"), (Double) row.get("value"),
                    row.get("unit"), row.get("ratio") == null ? ""
                            : String.format(Locale.ROOT, "  (%.0f%% of %.1f GB/s read bandwidth)",
                                    100 * (Double) row.get("ratio"), (Double) row.get("baseline")));
        }
        System.out.println("summary written to " + file.toAbsolutePath());
    }

    /** GB/s from the median time per operation; mat-vecs are compared with the read bandwidth at their thread count. */
    static List<Map<String, Object>> summarise(Collection<RunResult> results) {
        Map<Integer, Double> bandwidth = new LinkedHashMap<>();
        for (RunResult result : results) {
            if (result.getParams().getBenchmark().endsWith("MemoryReadBenchmark.read")) {
                int threads = Integer.parseInt(result.getParams().getParam("threads"));
                bandwidth.put(threads, gbPerSecond(MemoryReadBenchmark.BYTES, medianMillis(result)));
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        bandwidth.forEach((threads, gbs) -> rows.add(row("memory.read.t" + threads, gbs, "GB/s", null)));
        for (RunResult result : results) {
            if (!result.getParams().getBenchmark().endsWith("MatVecBenchmark.matVec")) {
                continue;
            }
            DType format = DType.valueOf(result.getParams().getParam("format"));
            int threads = Integer.parseInt(result.getParams().getParam("threads"));
            double gbs = gbPerSecond(MatVecBenchmark.weightBytes(format), medianMillis(result));
            rows.add(row("matvec." + format + ".t" + threads, gbs, "GB/s", bandwidth.get(threads)));
            rows.add(row("matvec." + format + ".t" + threads + ".time", medianMillis(result), "ms", null));
        }
        return rows;
    }

    private static Map<String, Object> row(String name, double value, String unit, Double baseline) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", name);
        row.put("value", value);
        row.put("unit", unit);
        row.put("baseline", baseline);
        row.put("ratio", baseline == null ? null : value / baseline);
        return row;
    }

    private static double medianMillis(RunResult result) {
        return result.getPrimaryResult().getStatistics().getPercentile(50);
    }

    static double gbPerSecond(long bytes, double millis) {
        return bytes / (millis / 1000) / 1e9;
    }
}
