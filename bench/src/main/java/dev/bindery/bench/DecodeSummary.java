package dev.bindery.bench;

import dev.bindery.tensor.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link DecodeBenchmark} together with {@link MemoryReadBenchmark} (the bandwidth baseline of the same run)
 * and writes {@code decode.json}: per format and thread count the decode tokens/s (against llama.cpp's anchor), the
 * GB/s of weights streamed per token (against the measured read bandwidth), prompt-processing tokens/s (against
 * the anchor where there is one) and the resident memory of the benchmark process (against the weight bytes).
 */
final class DecodeSummary {
    private DecodeSummary() {
    }

    /**
     * llama.cpp on a machine of this project's kind, NOT measured in this run (shared notes, anchors.md): LLaMA-7B
     * layer shapes, 4 layers, random weights, {@code llama-bench -p 64 -n 32}. Decode tok/s at 1 and 2 threads.
     */
    static final Map<String, double[]> ANCHOR_DECODE = Map.of(
            "Q8_0", new double[] {13.9, 31.2},
            "Q4_0", new double[] {24.9, 47.5},
            "F16", new double[] {11.2, 23.1},
            "F32", new double[] {2.9, 8.9});
    /** llama.cpp pp64 tok/s at 2 threads, same model and source. */
    static final Map<String, Double> ANCHOR_PROMPT_T2 = Map.of("Q8_0", 123.0, "Q4_0", 186.0, "F16", 187.0,
            "F32", 90.0);
    /** The anchors were taken with this many layers; other layer counts get no anchor ratio. */
    static final int ANCHOR_LAYERS = 4;
    /**
     * System property: JVMs per setting (default 1). With two or more, {@code *.fork_spread} rows give the slowest
     * fork's median over the fastest's: a fork whose kernels C2 compiled with boxed vectors shows as 2x or more.
     */
    static final String FORKS_PROPERTY = "bindery.bench.decode.forks";

    /**
     * The fork count {@code value} of {@value #FORKS_PROPERTY} names (1 where it is unset).
     *
     * @throws IllegalArgumentException if it is not a positive integer
     */
    static int forks(String value) {
        if (value == null || value.isBlank()) {
            return 1;
        }
        String v = value.trim();
        if (!v.matches("[1-9][0-9]{0,2}")) {
            throw new IllegalArgumentException(FORKS_PROPERTY + " takes a positive integer, not '" + value + "'");
        }
        return Integer.parseInt(v);
    }

    /** The slowest of the forks' median times over the fastest, or null for a single fork. */
    static Double forkSpread(List<Double> forkMedians) {
        if (forkMedians.size() < 2) {
            return null;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (double m : forkMedians) {
            min = Math.min(min, m);
            max = Math.max(max, m);
        }
        return max / min;
    }

    /**
     * Runs the benchmarks, writes {@code out/decode.json} and prints the rows. With {@code llamaBench} (the path of a
     * llama.cpp {@code llama-bench} binary) llama.cpp is measured first on the same model, and its figures are the
     * baselines of the tok/s rows instead of the anchors.
     */
    static void run(Path out, boolean quick, Path llamaBench) throws RunnerException, IOException {
        run(out, quick, llamaBench, DecodeSelection.fromSystemProperties());
    }

    /** As {@link #run(Path, boolean, Path)} for the formats, thread counts and methods of {@code selection}. */
    static void run(Path out, boolean quick, Path llamaBench, DecodeSelection selection)
            throws RunnerException, IOException {
        int forks = forks(System.getProperty(FORKS_PROPERTY)); // refused before minutes of writing models
        List<String> formats = selection.formatsOr(LlamaCppBaseline.formats());
        Path models = out.resolve("decode-models");
        try {
            DecodeModels.write(models, formats);
            run(out, quick, llamaBench, models, formats, selection, forks);
        } finally {
            DecodeModels.delete(models, formats);
        }
    }

    private static void run(Path out, boolean quick, Path llamaBench, Path models, List<String> formats,
                            DecodeSelection selection, int forks) throws RunnerException, IOException {
        Map<String, LlamaCppBaseline.Figures> llamaCpp = Map.of();
        if (llamaBench != null) {
            try {
                llamaCpp = LlamaCppBaseline.measure(llamaBench, models, formats, quick);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while llama-bench ran", e);
            }
        }
        Path report = Files.createTempFile("bindery-decode", ".txt");
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(selection.includePattern())
                .include(MemoryReadBenchmark.class.getSimpleName())
                .param("format", formats.toArray(new String[0]))
                .shouldFailOnError(true)
                .forks(forks)
                // F32 at 4 layers holds ~4.3 GB of weights; the resident-memory rows show what loading costs on top,
                // with the region size the container's bin/setenv sets (G1 would pick 8 MB regions for this heap)
                .jvmArgsAppend("--add-modules=jdk.incubator.vector", "-Xmx12g", "-XX:G1HeapRegionSize=2m",
                        "-D" + DecodeBenchmark.REPORT_PROPERTY + "=" + report.toAbsolutePath(),
                        "-D" + DecodeModels.PROPERTY + "=" + models.toAbsolutePath())
                .warmupIterations(quick ? 1 : 2)
                .warmupTime(TimeValue.seconds(quick ? 1 : 3))
                .measurementIterations(quick ? 2 : 4)
                .measurementTime(TimeValue.seconds(quick ? 1 : 3));
        if (!selection.threads().isEmpty()) {
            options.param("threads", selection.threads().toArray(new String[0])); // MemoryReadBenchmark's too
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        List<Map<String, Object>> summary = summarise(results, Files.readAllLines(report), llamaCpp);
        Files.deleteIfExists(report);
        Path file = out.resolve("decode.json");
        Files.writeString(file, Json.write(summary) + "\n");
        System.out.println();
        for (Map<String, Object> row : summary) {
            System.out.printf(Locale.ROOT, "%-34s %12.2f %-6s%s%n", row.get("name"), (Double) row.get("value"),
                    row.get("unit"), row.get("baseline") == null ? ""
                            : String.format(Locale.ROOT, "  vs %.2f (%s): %.0f%%", (Double) row.get("baseline"),
                                    row.get("baseline_is"), 100 * (Double) row.get("ratio")));
        }
        System.out.println("summary written to " + file.toAbsolutePath());
    }

    /**
     * The rows from the JMH results and the trial report lines ({@code benchmark format threads bytesPerToken
     * bytesHeld rss peakRss heapUsed heapCommitted}).
     */
    static List<Map<String, Object>> summarise(Collection<RunResult> results, List<String> reportLines,
                                               Map<String, LlamaCppBaseline.Figures> llamaCpp) {
        Map<Integer, Double> bandwidth = new LinkedHashMap<>();
        for (RunResult result : results) {
            if (result.getParams().getBenchmark().endsWith("MemoryReadBenchmark.read")) {
                int threads = Integer.parseInt(result.getParams().getParam("threads"));
                bandwidth.put(threads, BenchMain.gbPerSecond(MemoryReadBenchmark.BYTES, SummaryRows.median(result)));
            }
        }
        Map<String, TrialReport> reports = new LinkedHashMap<>();
        for (String line : reportLines) {
            if (!line.isBlank()) {
                TrialReport r = TrialReport.parse(line);
                reports.put(r.key(), r);
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        bandwidth.forEach((threads, gbs) -> rows.add(SummaryRows.row("memory.read.t" + threads, gbs, "GB/s", null, null)));
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            if (!benchmark.contains(DecodeBenchmark.class.getSimpleName() + ".")) {
                continue;
            }
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            String format = result.getParams().getParam("format");
            int threads = Integer.parseInt(result.getParams().getParam("threads"));
            int layers = Integer.parseInt(result.getParams().getParam("layers"));
            double ms = SummaryRows.median(result);
            String prefix = method + "." + format + ".t" + threads;
            TrialReport report = reports.get(TrialReport.key(method, format, threads));
            LlamaCppBaseline.Figures sameRun = layers == ANCHOR_LAYERS ? llamaCpp.get(format) : null;
            if (method.equals("decode")) {
                double tokPerS = 1000 / ms;
                double[] anchor = layers == ANCHOR_LAYERS ? ANCHOR_DECODE.get(format) : null;
                Double anchorValue = anchor == null || threads > anchor.length ? null : anchor[threads - 1];
                if (sameRun != null && threads <= 2) {
                    double cpp = sameRun.decode()[threads - 1];
                    rows.add(SummaryRows.row(prefix + ".tok_per_s", tokPerS, "tok/s", cpp, "llama.cpp, this run, same model"));
                    rows.add(SummaryRows.row("llama_cpp." + prefix + ".tok_per_s", cpp, "tok/s", anchorValue,
                            "llama.cpp anchor (other machine)"));
                } else {
                    rows.add(SummaryRows.row(prefix + ".tok_per_s", tokPerS, "tok/s", anchorValue, "llama.cpp anchor"));
                }
                if (report != null) {
                    rows.add(SummaryRows.row(prefix + ".weights_gb_per_s", report.bytesPerToken() * tokPerS / 1e9, "GB/s",
                            bandwidth.get(threads), "read bandwidth, this run"));
                    rows.add(SummaryRows.row("memory." + format + ".t" + threads + ".rss_gb", report.rss() / 1e9, "GB",
                            report.bytesHeld() / 1e9, "weight bytes held"));
                    rows.add(SummaryRows.row("memory." + format + ".t" + threads + ".peak_rss_gb", report.peakRss() / 1e9, "GB",
                            report.bytesHeld() / 1e9, "weight bytes held"));
                    rows.add(SummaryRows.row("memory." + format + ".t" + threads + ".heap_used_gb", report.heapUsed() / 1e9, "GB",
                            report.bytesHeld() / 1e9, "weight bytes held"));
                    rows.add(SummaryRows.row("memory." + format + ".t" + threads + ".heap_committed_gb",
                            report.heapCommitted() / 1e9, "GB", report.bytesHeld() / 1e9, "weight bytes held"));
                }
            } else {
                double tokPerS = DecodeBenchmark.PROMPT * 1000 / ms;
                Double anchor = layers == ANCHOR_LAYERS && threads == 2 ? ANCHOR_PROMPT_T2.get(format) : null;
                String name = "pp" + DecodeBenchmark.PROMPT + "." + format + ".t" + threads + ".tok_per_s";
                if (sameRun != null && threads <= 2) {
                    double cpp = sameRun.prompt()[threads - 1];
                    rows.add(SummaryRows.row(name, tokPerS, "tok/s", cpp, "llama.cpp, this run, same model"));
                    rows.add(SummaryRows.row("llama_cpp." + name, cpp, "tok/s", anchor, "llama.cpp anchor (other machine)"));
                } else {
                    rows.add(SummaryRows.row(name, tokPerS, "tok/s", anchor, "llama.cpp anchor"));
                }
            }
            rows.add(SummaryRows.row(prefix + ".time", ms, "ms", null, null));
            List<Double> forkMedians = new ArrayList<>();
            for (BenchmarkResult fork : result.getBenchmarkResults()) {
                forkMedians.add(fork.getPrimaryResult().getStatistics().getPercentile(50));
            }
            Double spread = forkSpread(forkMedians);
            if (spread != null) {
                rows.add(SummaryRows.row(prefix + ".fork_spread", spread, "x", null, null));
            }
        }
        return rows;
    }

    /** One line a {@link DecodeBenchmark} trial appended to the report file. */
    record TrialReport(String benchmark, String format, int threads, long bytesPerToken, long bytesHeld, long rss,
                       long peakRss, long heapUsed, long heapCommitted) {
        static TrialReport parse(String line) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 9) {
                throw new IllegalArgumentException("decode report line needs 9 fields, not " + f.length + ": " + line);
            }
            return new TrialReport(f[0], f[1], Integer.parseInt(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]),
                    Long.parseLong(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]));
        }

        String key() {
            return key(benchmark, format, threads);
        }

        static String key(String benchmark, String format, int threads) {
            return benchmark + "/" + format + "/" + threads;
        }
    }

}
