package dev.bindery.bench;

import dev.bindery.tensor.io.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load on the HTTP API of a started distribution with the tiny default model package: closed-loop clients (each sends
 * its next request when the last one is answered) at 1, 4 and 16 at once, each request a greedy chat completion about
 * an image (the golden {@code chelsea.png}) with 16 new tokens. Reports requests per second and the latency
 * percentiles p50/p90/p99 per level into {@code http.json}; throughput at 4 and 16 clients is compared with 1 client.
 *
 * <p>The distribution is a fresh copy of {@code assembly/target/bindery-assembly-*.tar.gz} started for the run on free
 * ports ({@link HttpDistribution}); it runs with the API's default queue (2 requests at once, 16 waiting), so latency
 * at 16 clients includes the wait in the queue. Not a JMH benchmark: JMH measures methods, this measures a server.
 */
final class HttpLoadBenchmark {
    static final int[] CLIENTS = {1, 4, 16};
    static final int MAX_TOKENS = 16;

    private HttpLoadBenchmark() {
    }

    static void run(Path out, boolean quick) throws IOException {
        try {
            measure(out, quick);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while measuring the HTTP API", e);
        }
    }

    private static void measure(Path out, boolean quick) throws IOException, InterruptedException {
        Path tarball = findTarball(Paths.get("assembly/target"));
        Path pkg = Paths.get("default-package/target/bindery-default");
        Path image = Paths.get("golden/preprocess/inputs/vision/chelsea.png");
        Duration warmup = Duration.ofSeconds(quick ? 3 : 10);
        Duration measure = Duration.ofSeconds(quick ? 8 : 30);
        String body = request(image);
        List<Map<String, Object>> rows = new ArrayList<>();
        try (HttpDistribution distribution = HttpDistribution.start(tarball, pkg,
                Paths.get("bench/target/http-distribution"))) {
            String url = distribution.url("/v1/chat/completions");
            Double single = null;
            for (int clients : CLIENTS) {
                load(url, body, clients, warmup); // warm the JIT and the queue at this level; not recorded
                Level level = load(url, body, clients, measure);
                if (level.latencies.length == 0) {
                    throw new IOException(clients + " clients: no request was answered 200 (" + level.failed
                            + " failed); see " + distribution.url("/health"));
                }
                if (single == null) {
                    single = level.requestsPerSecond();
                }
                String name = "http.chat.c" + clients;
                rows.add(SummaryRows.row(name + ".requests_per_s", level.requestsPerSecond(), "req/s", clients == 1 ? null
                        : single));
                rows.add(SummaryRows.row(name + ".latency_p50", level.percentile(50), "ms", null));
                rows.add(SummaryRows.row(name + ".latency_p90", level.percentile(90), "ms", null));
                rows.add(SummaryRows.row(name + ".latency_p99", level.percentile(99), "ms", null));
                rows.add(SummaryRows.row(name + ".failed", level.failed, "requests", null));
                System.out.printf(Locale.ROOT, "%2d clients: %6.2f req/s  p50 %7.1f ms  p90 %7.1f ms  p99 %7.1f ms"
                        + "  (%d answered, %d failed)%n", clients, level.requestsPerSecond(), level.percentile(50),
                        level.percentile(90), level.percentile(99), level.latencies.length, level.failed);
            }
        }
        Path file = out.resolve("http.json");
        Files.writeString(file, Json.write(rows) + "\n");
        System.out.println("summary written to " + file.toAbsolutePath());
    }

    /** What one level measured. */
    static final class Level {
        final double[] latencies;
        final int failed;
        final double seconds;

        Level(double[] latencies, int failed, double seconds) {
            this.latencies = latencies.clone();
            Arrays.sort(this.latencies);
            this.failed = failed;
            this.seconds = seconds;
        }

        double requestsPerSecond() {
            return latencies.length / seconds;
        }

        /** The nearest-rank percentile in milliseconds. */
        double percentile(double p) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(p / 100 * latencies.length);
            return latencies[Math.max(0, Math.min(latencies.length - 1, rank - 1))];
        }
    }

    /** {@code clients} closed loops for {@code duration}; only requests answered 200 count as latencies. */
    static Level load(String url, String body, int clients, Duration duration) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Future<List<Double>>> loops = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            loops.add(pool.submit(() -> {
                List<Double> mine = new ArrayList<>();
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            mine.add((System.nanoTime() - t0) / 1e6);
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    }
                }
                return mine;
            }));
        }
        List<Double> all = new ArrayList<>();
        for (Future<List<Double>> loop : loops) {
            try {
                all.addAll(loop.get());
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("a client loop failed", e.getCause());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Level(all.stream().mapToDouble(Double::doubleValue).toArray(), failed.get(), seconds);
    }

    /** The chat request every client sends: the image as a data URI and a question, greedy, 16 tokens. */
    static String request(Path image) throws IOException {
        String uri = "data:image/png;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(image));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("messages", List.of(Map.of("role", "user", "content", List.of(
                Map.of("type", "text", "text", "What is in this picture?"),
                Map.of("type", "image_url", "image_url", Map.of("url", uri))))));
        request.put("temperature", 0);
        request.put("max_tokens", MAX_TOKENS);
        return Json.write(request);
    }

    private static Path findTarball(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                var found = files.filter(p -> p.getFileName().toString().matches("bindery-assembly-.*\\.tar\\.gz"))
                        .findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        throw new IOException("no bindery-assembly-*.tar.gz in " + dir.toAbsolutePath()
                + ": build the distribution first (mvn install -DskipTests); run the benchmark from the repository root");
    }

}
