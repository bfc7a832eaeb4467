package dev.bindery.bench;

import dev.bindery.tensor.DType;
import dev.bindery.tensor.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmarks and writes their summaries (for every row: name, value, unit, baseline, ratio):
 * {@code kernels.json} (memory bandwidth and mat-vecs, each against the bandwidth measured in the same run) and
 * {@code encoders.json} (the audio and point-cloud encoders at the released sizes with random weights, whole path
 * and per stage; audio against the PyTorch anchor); {@code decode.json} ({@link DecodeSummary}: LLaMA decode and
 * prompt processing at LLaMA-7B layer shapes); {@code http.json} ({@link HttpLoadBenchmark}: the HTTP API of a started
 * distribution at 1, 4 and 16 clients); {@code vision_text.json} ({@link VisionTextSummary}: images/s and texts/s at
 * batch 1 and 8, ImageBind-huge sizes, against the PyTorch anchors).
 *
 * <pre>java -jar bench/target/benchmarks.jar [--out DIR] [--quick] [--only kernels|audio|point|decode|http|vision|text|cache|hnsw[,...]]</pre>
 *
 * {@code --quick} runs fewer, shorter iterations (for a smoke run; its numbers are not for quoting); {@code --only}
 * runs only the named groups (default: all).
 */
public final class BenchMain {
    /**
     * The anchor for audio, NOT measured in this run: PyTorch 1.13 on the CPU running upstream's ImageBind-huge audio
     * encoder on one file (3 clips) with 2 threads took about 1.6 s per file (shared notes, anchors.md).
     */
    static final double AUDIO_ANCHOR_MS_PER_FILE = 1600;

    /** Groups of benchmarks that {@code --only} selects. */
    enum Group { KERNELS, AUDIO, POINT, DECODE, HTTP, VISION, TEXT, CACHE, HNSW }

    private BenchMain() {
    }

    public static void main(String[] args) throws RunnerException, IOException {
        Path out = Paths.get("bench/results");
        boolean quick = false;
        Path llamaBench = null;
        int[] hnswSizes = {100_000, 1_000_000};
        int[] hnswGraph = {HnswSummary.Parameters.DEFAULT.m(), HnswSummary.Parameters.DEFAULT.beamWidth()};
        int[] hnswEfs = HnswSummary.DEFAULT_EFS;
        Set<Group> groups = EnumSet.allOf(Group.class);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out") && i + 1 < args.length) {
                out = Paths.get(args[++i]);
            } else if (args[i].equals("--quick")) {
                quick = true;
            } else if (args[i].equals("--llama-bench") && i + 1 < args.length) {
                llamaBench = Paths.get(args[++i]); // decode: measure llama.cpp on the same model as the baseline
            } else if (args[i].equals("--hnsw-sizes") && i + 1 < args.length) {
                hnswSizes = Arrays.stream(args[++i].split(",")).mapToInt(v -> Integer.parseInt(v.trim())).toArray();
            } else if (args[i].equals("--hnsw-graph") && i + 1 < args.length) {
                hnswGraph = Arrays.stream(args[++i].split(",")).mapToInt(v -> Integer.parseInt(v.trim())).toArray();
            } else if (args[i].equals("--hnsw-efs") && i + 1 < args.length) {
                hnswEfs = Arrays.stream(args[++i].split(",")).mapToInt(v -> Integer.parseInt(v.trim())).toArray();
            } else if (args[i].equals("--only") && i + 1 < args.length) {
                groups = parseGroups(args[++i]);
            } else {
                System.err.println("usage: java -jar benchmarks.jar [--out DIR] [--quick]"
                        + " [--only kernels|audio|point|decode|http|vision|text|cache|hnsw[,...]] [--llama-bench PATH] [--hnsw-sizes N,N,...]");
                System.exit(2);
            }
        }
        Files.createDirectories(out);
        if (groups.contains(Group.KERNELS)) {
            runKernels(out, quick);
        }
        if (groups.contains(Group.AUDIO) || groups.contains(Group.POINT)) {
            runEncoders(out, quick, groups);
        }
        if (groups.contains(Group.DECODE)) {
            DecodeSummary.run(out, quick, llamaBench); // decode.json: LLaMA decode and pp64 against bandwidth and llama.cpp
        }
        if (groups.contains(Group.HTTP)) {
            HttpLoadBenchmark.run(out, quick); // http.json: requests/s and latency percentiles at 1, 4, 16 clients
        }
        if (groups.contains(Group.CACHE)) {
            CacheSummary.run(out, quick); // cache.json: exact search over 1 M x 1024 and the bind network's forward
        }
        if (groups.contains(Group.HNSW)) {
            HnswSummary.run(out, quick, hnswSizes, new HnswSummary.Parameters(hnswGraph[0], hnswGraph[1], hnswEfs)); // hnsw.json: approximate index build, recall@10 and ms per query
        }
        if (groups.contains(Group.VISION) || groups.contains(Group.TEXT)) {
            // vision_text.json: images/s and texts/s at batch 1 and 8, ImageBind-huge sizes, against the anchors
            VisionTextSummary.run(out, quick, groups.contains(Group.VISION), groups.contains(Group.TEXT));
        }
    }

    /**
     * The groups of a comma-separated list.
     *
     * @throws IllegalArgumentException naming an unknown group
     */
    static Set<Group> parseGroups(String list) {
        Set<Group> groups = EnumSet.noneOf(Group.class);
        for (String name : list.split(",")) {
            try {
                groups.add(Group.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--only takes kernels, audio, point, decode, http, vision, text, cache and hnsw, not '"
                        + name + "'");
            }
        }
        return groups;
    }

    private static void runKernels(Path out, boolean quick) throws RunnerException, IOException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(MemoryReadBenchmark.class.getSimpleName())
                .include(MatVecBenchmark.class.getSimpleName())
                .include(MatMulBenchmark.class.getSimpleName())
                .shouldFailOnError(true)
                .forks(1)
                .jvmArgsAppend("--add-modules=jdk.incubator.vector", "-Xmx8g")
                .warmupIterations(quick ? 1 : 3)
                .warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 2 : 7)
                .measurementTime(TimeValue.seconds(quick ? 1 : 2));
        List<Map<String, Object>> summary = summarise(new Runner(options.build()).run());
        Path file = out.resolve("kernels.json");
        Files.writeString(file, Json.write(summary) + "\n");
        System.out.println();
        for (Map<String, Object> row : summary) {
            String against = "";
            if (row.get("ratio") != null) {
                against = row.get("baseline_is") == null
                        ? String.format(Locale.ROOT, "  (%.0f%% of %.1f GB/s read bandwidth)",
                                100 * (Double) row.get("ratio"), (Double) row.get("baseline"))
                        : String.format(Locale.ROOT, "  (%.2fx the %s: %.1f)", (Double) row.get("ratio"),
                                row.get("baseline_is"), (Double) row.get("baseline"));
            }
            System.out.printf(Locale.ROOT, "%-26s %8.2f %s%s%n", row.get("name"), (Double) row.get("value"),
                    row.get("unit"), against);
        }
        System.out.println("summary written to " + file.toAbsolutePath());
    }

    /** Encoder operations take seconds: fewer, longer iterations than the kernels. */
    private static void runEncoders(Path out, boolean quick, Set<Group> groups) throws RunnerException, IOException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .shouldFailOnError(true)
                .forks(1)
                .jvmArgsAppend("--add-modules=jdk.incubator.vector", "-Xmx8g")
                .warmupIterations(quick ? 1 : 2)
                .warmupTime(TimeValue.seconds(quick ? 2 : 5))
                .measurementIterations(quick ? 2 : 5)
                .measurementTime(TimeValue.seconds(quick ? 2 : 5));
        if (groups.contains(Group.AUDIO)) {
            options.include(AudioPipelineBenchmark.class.getSimpleName());
        }
        if (groups.contains(Group.POINT)) {
            options.include(PointPipelineBenchmark.class.getSimpleName());
        }
        List<Map<String, Object>> summary = summariseEncoders(new Runner(options.build()).run());
        Path file = out.resolve("encoders.json");
        List<Map<String, Object>> kept = Files.isRegularFile(file) ? otherGroupsRows(Files.readString(file), groups)
                : List.of();
        List<Map<String, Object>> all = new ArrayList<>(summary);
        all.addAll(kept);
        Files.writeString(file, Json.write(all) + "\n");
        System.out.println();
        for (Map<String, Object> row : summary) {
            System.out.printf(Locale.ROOT, "%-36s %10.3f %-8s%s%n", row.get("name"), (Double) row.get("value"),
                    row.get("unit"), row.get("baseline") == null ? ""
                            : String.format(Locale.ROOT, "  baseline %.3f (anchor, not measured here), ratio %.2f",
                                    (Double) row.get("baseline"), (Double) row.get("ratio")));
        }
        System.out.println("summary written to " + file.toAbsolutePath() + (kept.isEmpty() ? ""
                : " (with " + kept.size() + " rows of the groups not run this time, kept from the previous file)"));
    }

    /**
     * The rows of an earlier {@code encoders.json} that belong to encoder groups not run now, so that
     * {@code --only audio} and {@code --only point} runs add up to one file. An unreadable file keeps nothing.
     */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> otherGroupsRows(String previousJson, Set<Group> ran) {
        List<Map<String, Object>> kept = new ArrayList<>();
        Object parsed;
        try {
            parsed = Json.parse(previousJson);
        } catch (IllegalArgumentException e) {
            return kept;
        }
        if (!(parsed instanceof List<?> rows)) {
            return kept;
        }
        for (Object r : rows) {
            if (r instanceof Map<?, ?> row && row.get("name") instanceof String name) {
                boolean audio = name.startsWith("audio.");
                boolean point = name.startsWith("point.");
                if ((audio && !ran.contains(Group.AUDIO)) || (point && !ran.contains(Group.POINT))) {
                    kept.add((Map<String, Object>) row);
                }
            }
        }
        return kept;
    }

    /** GB/s from the median time per operation; mat-vecs are compared with the read bandwidth at their thread count. */
    static List<Map<String, Object>> summarise(Collection<RunResult> results) {
        Map<Integer, Double> bandwidth = new LinkedHashMap<>();
        for (RunResult result : results) {
            if (result.getParams().getBenchmark().endsWith("MemoryReadBenchmark.read")) {
                int threads = Integer.parseInt(result.getParams().getParam("threads"));
                bandwidth.put(threads, gbPerSecond(MemoryReadBenchmark.BYTES, SummaryRows.median(result)));
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        bandwidth.forEach((threads, gbs) -> rows.add(SummaryRows.row("memory.read.t" + threads, gbs, "GB/s", null)));
        Map<String, Double> matVecTimes = new LinkedHashMap<>();
        for (RunResult result : results) {
            if (!result.getParams().getBenchmark().endsWith("MatVecBenchmark.matVec")) {
                continue;
            }
            matVecTimes.put(result.getParams().getParam("format") + ".t" + result.getParams().getParam("threads"),
                    SummaryRows.median(result));
            DType format = DType.valueOf(result.getParams().getParam("format"));
            int threads = Integer.parseInt(result.getParams().getParam("threads"));
            double gbs = gbPerSecond(MatVecBenchmark.weightBytes(format), SummaryRows.median(result));
            rows.add(SummaryRows.row("matvec." + format + ".t" + threads, gbs, "GB/s", bandwidth.get(threads)));
            rows.add(SummaryRows.row("matvec." + format + ".t" + threads + ".time", SummaryRows.median(result), "ms", null));
        }
        for (RunResult result : results) {
            if (!result.getParams().getBenchmark().endsWith("MatMulBenchmark.matMul")) {
                continue;
            }
            String format = result.getParams().getParam("format");
            String threads = result.getParams().getParam("threads");
            double ms = SummaryRows.median(result);
            rows.addAll(matMulRows(format, threads, ms, matVecTimes.get(format + ".t" + threads)));
        }
        return rows;
    }

    /**
     * The batched-product rows of one format and thread count: GFLOPS against the GFLOPS of the same run's mat-vec
     * (the ratio is what batching gains; no baseline where the mat-vec did not run), and the time.
     */
    static List<Map<String, Object>> matMulRows(String format, String threads, double ms, Double matVecMs) {
        String name = "matmul." + format + ".t" + threads;
        Double matVec = matVecMs == null ? null : MatMulBenchmark.gflops(1, matVecMs);
        return List.of(
                SummaryRows.row(name + ".gflops", MatMulBenchmark.gflops(MatMulBenchmark.INPUTS, ms), "GFLOPS", matVec,
                        "mat-vec, this run"),
                SummaryRows.row(name + ".time", ms, "ms", null));
    }

    /**
     * The encoder rows: the whole path as throughput (audio clips/s against the anchor, point clouds/s) and time per
     * file or cloud, then every stage's median time.
     */
    static List<Map<String, Object>> summariseEncoders(Collection<RunResult> results) {
        List<Map<String, Object>> whole = new ArrayList<>();
        List<Map<String, Object>> stages = new ArrayList<>();
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            String threads = result.getParams().getParam("threads");
            String t = threads == null ? "" : ".t" + threads;
            double ms = SummaryRows.median(result);
            if (benchmark.contains(AudioPipelineBenchmark.class.getSimpleName() + ".")) {
                if (method.equals("file")) {
                    whole.addAll(audioFileRows(t, ms));
                } else {
                    stages.add(SummaryRows.row("audio.stage." + method + t + ".time", ms, "ms", null));
                }
            } else if (benchmark.contains(PointPipelineBenchmark.class.getSimpleName() + ".")) {
                if (method.equals("cloud")) {
                    whole.add(SummaryRows.row("point.cloud" + t + ".clouds_per_s", 1000 / ms, "clouds/s", null));
                    whole.add(SummaryRows.row("point.cloud" + t + ".time", ms, "ms", null));
                } else {
                    stages.add(SummaryRows.row("point.stage." + method + t + ".time", ms, "ms", null));
                }
            }
        }
        whole.addAll(stages);
        return whole;
    }

    /** One audio file (3 clips) in {@code ms}: clips/s and time, both against the anchor. */
    static List<Map<String, Object>> audioFileRows(String threadSuffix, double ms) {
        int clips = AudioPipelineBenchmark.CLIPS;
        return List.of(
                SummaryRows.row("audio.file" + threadSuffix + ".clips_per_s", clips * 1000 / ms, "clips/s",
                        clips * 1000 / AUDIO_ANCHOR_MS_PER_FILE),
                SummaryRows.row("audio.file" + threadSuffix + ".time", ms, "ms", AUDIO_ANCHOR_MS_PER_FILE));
    }

    static double gbPerSecond(long bytes, double millis) {
        return bytes / (millis / 1000) / 1e9;
    }
}
