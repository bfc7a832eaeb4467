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
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link CacheSearchBenchmark} and {@link BindNetBenchmark} with {@link MemoryReadBenchmark} (the bandwidth
 * baseline of the same run) and writes {@code cache.json}: exact search ms per query at 1 and 2 threads (against
 * FAISS's flat-index anchor for F32), the GB/s of vectors scanned (against the read bandwidth), batched queries/s
 * (against single queries of the same run), and the bind network's forward time and GB/s of weights.
 */
final class CacheSummary {
    /** FAISS 1.7.3 flat index, top-10 over 1 M x 1024 float32, ms per query at 1 and 2 threads (shared anchors). */
    static final double[] FAISS_FLAT_MS = {1115, 661};
    /** Parameters of the released bind network's matrices. */
    static final long BINDNET_PARAMS = (long) BindNetBenchmark.DIM * BindNetBenchmark.IN
            + 3L * BindNetBenchmark.BLOCKS * BindNetBenchmark.DIM * BindNetBenchmark.HIDDEN;

    private CacheSummary() {
    }

    static void run(Path out, boolean quick) throws RunnerException, IOException {
        Path dir = out.resolve("cache-files");
        try {
            ChainedOptionsBuilder options = new OptionsBuilder()
                    .include(CacheSearchBenchmark.class.getSimpleName())
                    .include(BindNetBenchmark.class.getSimpleName())
                    .include(MemoryReadBenchmark.class.getSimpleName())
                    .shouldFailOnError(true)
                    .forks(1)
                    .jvmArgsAppend("--add-modules=jdk.incubator.vector", "-Xmx10g",
                            "-D" + CacheSearchBenchmark.DIR_PROPERTY + "=" + dir.toAbsolutePath())
                    .warmupIterations(quick ? 1 : 2)
                    .warmupTime(TimeValue.seconds(quick ? 1 : 3))
                    .measurementIterations(quick ? 2 : 5)
                    .measurementTime(TimeValue.seconds(quick ? 1 : 3));
            List<Map<String, Object>> summary = summarise(new Runner(options.build()).run());
            Path file = out.resolve("cache.json");
            Files.writeString(file, Json.write(summary) + "\n");
            System.out.println();
            for (Map<String, Object> row : summary) {
                System.out.printf(Locale.ROOT, "%-40s %12.2f %-6s%s%n", row.get("name"), (Double) row.get("value"),
                        row.get("unit"), row.get("baseline") == null ? ""
                                : String.format(Locale.ROOT, "  vs %.2f (%s): ratio %.2f",
                                        (Double) row.get("baseline"), row.get("baseline_is"),
                                        (Double) row.get("ratio")));
            }
            System.out.println("summary written to " + file.toAbsolutePath());
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(p);
                }
            } catch (java.nio.file.NoSuchFileException none) {
                // nothing was written
            }
            Files.deleteIfExists(dir);
        }
    }

    /** {@code cache.exact.DTYPE.tN} for vectors read from the mapping, {@code cache.exact.DTYPE.heap.tN} from the heap. */
    private static String searchPrefix(RunResult r) {
        String residency = r.getParams().getParam("residency");
        return "cache.exact." + r.getParams().getParam("dtype") + ("heap".equals(residency) ? ".heap" : "")
                + ".t" + r.getParams().getParam("threads");
    }

    static List<Map<String, Object>> summarise(Collection<RunResult> results) {
        Map<Integer, Double> bandwidth = new LinkedHashMap<>();
        for (RunResult r : results) {
            if (r.getParams().getBenchmark().endsWith("MemoryReadBenchmark.read")) {
                bandwidth.put(Integer.parseInt(r.getParams().getParam("threads")),
                        BenchMain.gbPerSecond(MemoryReadBenchmark.BYTES, SummaryRows.median(r)));
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        bandwidth.forEach((t, gbs) -> rows.add(SummaryRows.row("memory.read.t" + t, gbs, "GB/s", null, null)));
        Map<String, Double> single = new LinkedHashMap<>();
        for (RunResult r : results) {
            String b = r.getParams().getBenchmark();
            if (b.endsWith("CacheSearchBenchmark.query")) {
                String dtype = r.getParams().getParam("dtype");
                int t = Integer.parseInt(r.getParams().getParam("threads"));
                double ms = SummaryRows.median(r);
                String prefix = searchPrefix(r);
                single.put(prefix, ms);
                long bytes = (long) CacheSearchBenchmark.ENTRIES * CacheSearchBenchmark.DIM
                        * (dtype.equals("F16") ? 2 : 4);
                rows.add(SummaryRows.row(prefix + ".ms_per_query", ms, "ms", dtype.equals("F32") && t <= 2
                        ? FAISS_FLAT_MS[t - 1] : null, "FAISS flat-index anchor (lower is better)"));
                rows.add(SummaryRows.row(prefix + ".gb_per_s", BenchMain.gbPerSecond(bytes, ms), "GB/s", bandwidth.get(t),
                        "read bandwidth, this run"));
            }
        }
        for (RunResult r : results) {
            String b = r.getParams().getBenchmark();
            if (b.endsWith("CacheSearchBenchmark.batch8")) {
                String prefix = searchPrefix(r);
                Double one = single.get(prefix);
                rows.add(SummaryRows.row(prefix + ".batch8.queries_per_s",
                        CacheSearchBenchmark.BATCH * 1000 / SummaryRows.median(r), "q/s", one == null ? null : 1000 / one,
                        "single queries, this run"));
            } else if (b.endsWith("BindNetBenchmark.forward")) {
                String format = r.getParams().getParam("format");
                int t = Integer.parseInt(r.getParams().getParam("threads"));
                double ms = SummaryRows.median(r);
                long bytes = format.equals("Q8_0") ? BINDNET_PARAMS / 32 * 34 : BINDNET_PARAMS * 4;
                String name = "bindnet." + (format.equals("Q8_0") ? "Q8_0" : "F32") + ".t" + t;
                rows.add(SummaryRows.row(name + ".ms_per_forward", ms, "ms", null, null));
                rows.add(SummaryRows.row(name + ".weights_gb_per_s", BenchMain.gbPerSecond(bytes, ms), "GB/s", bandwidth.get(t),
                        "read bandwidth, this run"));
            }
        }
        return rows;
    }

}
