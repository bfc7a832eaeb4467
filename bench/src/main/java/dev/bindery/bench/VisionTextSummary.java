package dev.bindery.bench;

import dev.bindery.tensor.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link VisionEncoderBenchmark} and/or {@link TextEncoderBenchmark} and writes {@code vision_text.json}: for
 * each batch size, items per second (images/s, texts/s) against the PyTorch anchor and the time per run. The anchors
 * are NOT measured in this run: PyTorch 1.13 on the CPU running upstream's ImageBind-huge encoders with 2 threads
 * (shared notes, anchors.md): vision 4.25 s per image at batch 1 (0.24 images/s) and 0.25 images/s at batch 8;
 * text 0.61 texts/s at batch 1 and 2.47 at batch 8. A run of one group keeps the other group's rows of the previous
 * file.
 */
final class VisionTextSummary {
    static final double VISION_ANCHOR_B1 = 0.24;
    static final double VISION_ANCHOR_B8 = 0.25;
    static final double TEXT_ANCHOR_B1 = 0.61;
    static final double TEXT_ANCHOR_B8 = 2.47;
    static final String FILE = "vision_text.json";

    private VisionTextSummary() {
    }

    static void run(Path out, boolean quick, boolean vision, boolean text) throws RunnerException, IOException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .shouldFailOnError(true)
                .forks(1)
                // the weights live in ONNX Runtime's native memory; the JVM holds one tensor at a time
                .jvmArgsAppend("--add-modules=jdk.incubator.vector", "-Xmx3g")
                .warmupIterations(1)
                .measurementIterations(quick ? 2 : 5);
        if (vision) {
            options.include(VisionEncoderBenchmark.class.getSimpleName());
        }
        if (text) {
            options.include(TextEncoderBenchmark.class.getSimpleName());
        }
        List<Map<String, Object>> rows = summarise(new Runner(options.build()).run());
        Path file = out.resolve(FILE);
        List<Map<String, Object>> all = new ArrayList<>(rows);
        if (Files.isRegularFile(file)) {
            all.addAll(keptRows(Files.readString(file), vision, text));
        }
        Files.writeString(file, Json.write(all) + "\n");
        System.out.println();
        for (Map<String, Object> row : rows) {
            System.out.printf(Locale.ROOT, "%-34s %10.3f %-9s%s%n", row.get("name"), (Double) row.get("value"),
                    row.get("unit"), row.get("baseline") == null ? ""
                            : String.format(Locale.ROOT, "  anchor %.3f (not measured here), ratio %.2f",
                                    (Double) row.get("baseline"), (Double) row.get("ratio")));
        }
        System.out.println("summary written to " + file.toAbsolutePath());
    }

    /** Rows from the median time of each run: items/s against the anchor, then the time per run. */
    static List<Map<String, Object>> summarise(Collection<RunResult> results) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            String threads = result.getParams().getParam("threads");
            String words = result.getParams().getParam("words");
            double ms = result.getPrimaryResult().getStatistics().getPercentile(50);
            rows.addAll(rows(method, (words == null ? "" : ".w" + words) + (threads == null ? "" : ".t" + threads),
                    ms));
        }
        return rows;
    }

    /**
     * The two rows of one benchmark method ({@code imagesBatch8}, ...) that took {@code ms} per run; {@code suffix}
     * names its parameters ({@code .w12.t2}: 12-word captions, 2 threads).
     */
    static List<Map<String, Object>> rows(String method, String suffix, double ms) {
        boolean image = method.startsWith("images");
        int batch = Integer.parseInt(method.substring(method.indexOf("Batch") + "Batch".length()));
        double anchor = image ? (batch == 1 ? VISION_ANCHOR_B1 : VISION_ANCHOR_B8)
                : (batch == 1 ? TEXT_ANCHOR_B1 : TEXT_ANCHOR_B8);
        String name = (image ? "vision.image" : "text.text") + ".b" + batch + suffix;
        String unit = image ? "images/s" : "texts/s";
        double perSecond = batch * 1000 / ms;
        return List.of(SummaryRows.row(name + "." + (image ? "images_per_s" : "texts_per_s"), perSecond, unit, anchor),
                SummaryRows.row(name + ".time", ms, "ms", batch * 1000 / anchor));
    }

    /** The previous file's rows of the group not run now. An unreadable file keeps nothing. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> keptRows(String previousJson, boolean ranVision, boolean ranText) {
        List<Map<String, Object>> kept = new ArrayList<>();
        Object parsed;
        try {
            parsed = Json.parse(previousJson);
        } catch (IllegalArgumentException e) {
            return kept;
        }
        if (parsed instanceof List<?> list) {
            for (Object r : list) {
                if (r instanceof Map<?, ?> row && row.get("name") instanceof String name) {
                    if ((name.startsWith("vision.") && !ranVision) || (name.startsWith("text.") && !ranText)) {
                        kept.add((Map<String, Object>) row);
                    }
                }
            }
        }
        return kept;
    }

}
