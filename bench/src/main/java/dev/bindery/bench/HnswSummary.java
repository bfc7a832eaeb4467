package dev.bindery.bench;

import dev.bindery.cache.CacheFile;
import dev.bindery.cache.ExactSearch;
import dev.bindery.cache.HnswIndex;
import dev.bindery.cache.HnswIndexBuilder;
import dev.bindery.cache.SearchHits;
import dev.bindery.tensor.DType;
import dev.bindery.tensor.io.Json;
import dev.bindery.tensor.kernel.Parallel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The approximate index at the released cache's width (1024): for each size, builds the HNSW graph of an F16 cache of
 * {@link SyntheticEmbeddings} on {@value #BUILD_THREADS} threads (build time, the graph's heap during the build, the
 * graph file's bytes), then searches
 * fresh queries from the same distribution one at a time on one thread at several beam widths: median ms per query
 * against the exact scan of the same cache in the same run, and recall@10 against that scan. The largest size is
 * also extrapolated to 1 M entries (build time as {@code n log n}, query time as {@code log n}) when it was not
 * measured. Writes {@code hnsw.json}. Not JMH: one build takes minutes, and each query is timed on its own.
 */
final class HnswSummary {
    static final int DIM = 1024;
    static final int K = 10;
    static final int BUILD_THREADS = 2;
    static final int[] DEFAULT_EFS = {50, 100, 200, 400};
    static final int TARGET = 1_000_000;
    static final int UNIFORM_MAX = 20_000;

    private HnswSummary() {
    }

    /** Graph parameters of a run: M, beam width, and the beam widths searched. */
    record Parameters(int m, int beamWidth, int[] efs) {
        static final Parameters DEFAULT = new Parameters(HnswIndex.DEFAULT_M, HnswIndex.DEFAULT_BEAM_WIDTH, DEFAULT_EFS);
    }

    static void run(Path out, boolean quick, int[] sizes, Parameters parameters) throws IOException {
        Path dir = out.resolve("hnsw-files");
        int queries = quick ? 100 : 400;
        List<Map<String, Object>> rows = new ArrayList<>();
        try {
            SyntheticEmbeddings structured = new SyntheticEmbeddings(DIM, false, 1);
            Measured largest = null;
            for (int n : sizes) {
                Measured m = measure(rows, dir, structured, n, queries, "structured", parameters);
                largest = largest == null || m.entries > largest.entries ? m : largest;
            }
            if (largest != null && largest.entries < TARGET) {
                double scale = (double) TARGET / largest.entries;
                double logScale = Math.log(TARGET) / Math.log(largest.entries);
                String p = "hnsw.structured.1M.extrapolated.";
                rows.add(SummaryRows.row(p + "build_s", largest.buildSeconds * scale * logScale, "s", null,
                        "n log n from " + largest.entries));
                rows.add(SummaryRows.row(p + "graph_mb", largest.graphBytes * scale / 1e6, "MB", null,
                        "linear from " + largest.entries));
                if (!Double.isNaN(largest.ef100Ms)) {
                    rows.add(SummaryRows.row(p + "ef100.ms_per_query", largest.ef100Ms * logScale, "ms", 5.0,
                            "target, log n from " + largest.entries));
                }
            }
            // the worst case for any graph: uniform random directions, at a small size only
            measure(rows, dir, new SyntheticEmbeddings(DIM, true, 1), Math.min(UNIFORM_MAX, Arrays.stream(sizes).min()
                    .orElseThrow()), queries, "uniform", parameters);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
            } catch (java.nio.file.NoSuchFileException none) {
                // nothing was written
            }
            Files.deleteIfExists(dir);
        }
        Path file = out.resolve("hnsw.json");
        Files.writeString(file, Json.write(rows) + "\n");
        System.out.println();
        for (Map<String, Object> row : rows) {
            System.out.printf(Locale.ROOT, "%-48s %12.3f %-5s%s%n", row.get("name"), (Double) row.get("value"),
                    row.get("unit"), row.get("baseline") == null ? ""
                            : String.format(Locale.ROOT, "  vs %.3f (%s): ratio %.3f", (Double) row.get("baseline"),
                                    row.get("baseline_is"), (Double) row.get("ratio")));
        }
        System.out.println("summary written to " + file.toAbsolutePath());
    }

    private record Measured(long entries, double buildSeconds, long graphBytes, double ef100Ms) {
    }

    private static Measured measure(List<Map<String, Object>> rows, Path dir, SyntheticEmbeddings data, int n,
                                    int queries, String kind, Parameters parameters) throws IOException {
        String p = "hnsw." + kind + "." + label(n) + "." + (parameters.m() == HnswIndex.DEFAULT_M
                && parameters.beamWidth() == HnswIndex.DEFAULT_BEAM_WIDTH ? ""
                : "m" + parameters.m() + ".beam" + parameters.beamWidth() + ".");
        System.out.printf(Locale.ROOT, "%n%s: writing %d x %d F16 vectors%n", kind, n, DIM);
        Path cachePath = data.cacheFile(dir, n, DType.F16, 2);
        try (CacheFile cache = CacheFile.open(cachePath); Parallel one = new Parallel(1, "bench-exact")) {
            Path graph = HnswIndex.pathFor(cachePath);
            long start = System.nanoTime();
            HnswIndexBuilder.Result built = HnswIndexBuilder.build(cache, graph, parameters.m(),
                    parameters.beamWidth(), BUILD_THREADS, (done, total) -> {
                        long s = (System.nanoTime() - start) / 1_000_000_000L;
                        if (s > 0 && s % 30 == 0) {
                            System.out.printf(Locale.ROOT, "  %d / %d inserted, %d s%n", done, total, s);
                        }
                    });
            double buildSeconds = built.elapsed().toNanos() / 1e9;
            rows.add(SummaryRows.row(p + "build_s", buildSeconds, "s", null, null));
            rows.add(SummaryRows.row(p + "build_entries_per_s", n / buildSeconds, "1/s", null, null));
            rows.add(SummaryRows.row(p + "build_graph_heap_mb", built.graphHeapBytes() / 1e6, "MB",
                    (double) n * DIM * 2 / 1e6, "the F16 vectors' bytes"));
            rows.add(SummaryRows.row(p + "graph_mb", built.fileBytes() / 1e6, "MB", (double) n * DIM * 2 / 1e6,
                    "the F16 vectors' bytes"));
            HnswIndex index = HnswIndex.open(cache, graph, false);
            float[] q = data.sample(queries, 7);
            ExactSearch exact = new ExactSearch(cache, one);
            SearchHits[] truth = new SearchHits[queries];
            double[] exactMs = new double[queries];
            for (int i = 0; i < queries; i++) {
                float[] query = Arrays.copyOfRange(q, i * DIM, (i + 1) * DIM);
                long t = System.nanoTime();
                truth[i] = exact.search(query, K);
                exactMs[i] = (System.nanoTime() - t) / 1e6;
            }
            double exactMedian = median(exactMs);
            rows.add(SummaryRows.row(p + "exact.t1.ms_per_query", exactMedian, "ms", null, null));
            double ef100Ms = Double.NaN;
            for (int ef : parameters.efs()) {
                double[] ms = new double[queries];
                long found = 0;
                for (int round = 0; round < 2; round++) { // the first round warms up the JIT and the page cache
                    for (int i = 0; i < queries; i++) {
                        float[] query = Arrays.copyOfRange(q, i * DIM, (i + 1) * DIM);
                        long t = System.nanoTime();
                        SearchHits hits = index.search(query, K, ef);
                        ms[i] = (System.nanoTime() - t) / 1e6;
                        if (round == 1) {
                            found += overlap(truth[i], hits);
                        }
                    }
                }
                double median = median(ms);
                ef100Ms = ef == 100 ? median : ef100Ms;
                rows.add(SummaryRows.row(p + "ef" + ef + ".t1.ms_per_query", median, "ms", exactMedian,
                        "exact scan of the same cache, 1 thread, this run"));
                rows.add(SummaryRows.row(p + "ef" + ef + ".recall_at_10", found / (double) (K * queries), "", 0.95,
                        "target"));
            }
            return new Measured(n, buildSeconds, built.fileBytes(), ef100Ms);
        }
    }

    private static int overlap(SearchHits truth, SearchHits found) {
        Set<Long> want = new HashSet<>();
        for (long i : truth.indices()) {
            want.add(i);
        }
        int hit = 0;
        for (long i : found.indices()) {
            hit += want.contains(i) ? 1 : 0;
        }
        return hit;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String label(int n) {
        return n % 1_000_000 == 0 ? n / 1_000_000 + "M" : n % 1000 == 0 ? n / 1000 + "k" : Integer.toString(n);
    }
}
