package dev.bindery.bench;

import dev.bindery.tensor.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * llama.cpp measured in the same run as {@link DecodeBenchmark}, on the same files: the {@code llama-bench} binary
 * the user names runs {@code -p 64 -n 32 -t 1,2} on each model of {@link DecodeModels}. Nothing of llama.cpp ships with Bindery: the user
 * builds it and passes its path ({@code --llama-bench PATH}); without one, decode.json compares against the
 * published anchors instead.
 */
final class LlamaCppBaseline {
    /** Decode tok/s per thread count (index threads - 1) and pp64 tok/s per thread count, per format. */
    record Figures(double[] decode, double[] prompt) {
    }

    private LlamaCppBaseline() {
    }

    /**
     * Runs llama-bench on each format's model of {@link DecodeModels} in {@code models}.
     *
     * @throws IOException if llama-bench fails or its output cannot be read
     */
    static Map<String, Figures> measure(Path llamaBench, Path models, List<String> formats, boolean quick)
            throws IOException, InterruptedException {
        if (!Files.isExecutable(llamaBench)) {
            throw new IOException("llama-bench not found or not executable: " + llamaBench);
        }
        Map<String, Figures> figures = new LinkedHashMap<>();
        for (String format : formats) {
            figures.put(format, run(llamaBench, DecodeModels.file(models, format), quick));
        }
        return figures;
    }

    private static Figures run(Path llamaBench, Path model, boolean quick) throws IOException, InterruptedException {
        List<String> command = List.of(llamaBench.toString(), "-m", model.toString(),
                "-p", String.valueOf(DecodeBenchmark.PROMPT), "-n", "32", "-t", "1,2", "-r", quick ? "1" : "3",
                "-o", "json");
        System.out.println("llama.cpp baseline: " + String.join(" ", command));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = process.waitFor();
        if (status != 0) {
            throw new IOException("llama-bench exited with " + status + " on " + model);
        }
        return parse(output, model);
    }

    /**
     * The figures of llama-bench's JSON output: one object per test with {@code n_prompt}, {@code n_gen},
     * {@code n_threads} and the per-repetition {@code samples_ts}, of which the median is taken.
     */
    static Figures parse(String json, Path model) throws IOException {
        Object parsed;
        try {
            parsed = Json.parse(json.substring(Math.max(0, json.indexOf('['))));
        } catch (IllegalArgumentException e) {
            throw new IOException("llama-bench output on " + model + " is not JSON: " + e.getMessage(), e);
        }
        if (!(parsed instanceof List<?> tests)) {
            throw new IOException("llama-bench output on " + model + " is not a JSON array");
        }
        double[] decode = {Double.NaN, Double.NaN};
        double[] prompt = {Double.NaN, Double.NaN};
        for (Object o : tests) {
            Map<?, ?> test = (Map<?, ?>) o;
            int threads = ((Number) test.get("n_threads")).intValue();
            if (threads < 1 || threads > 2) {
                continue;
            }
            double median = median((List<?>) test.get("samples_ts"));
            if (((Number) test.get("n_gen")).intValue() > 0) {
                decode[threads - 1] = median;
            } else if (((Number) test.get("n_prompt")).intValue() > 0) {
                prompt[threads - 1] = median;
            }
        }
        return new Figures(decode, prompt);
    }

    private static double median(List<?> samples) {
        double[] v = new double[samples.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = ((Number) samples.get(i)).doubleValue();
        }
        Arrays.sort(v);
        return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** The formats of {@link DecodeBenchmark}'s {@code format} parameter. */
    static List<String> formats() {
        try {
            String[] values = DecodeBenchmark.class.getField("format")
                    .getAnnotation(org.openjdk.jmh.annotations.Param.class).value();
            return new ArrayList<>(List.of(values));
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }
}
