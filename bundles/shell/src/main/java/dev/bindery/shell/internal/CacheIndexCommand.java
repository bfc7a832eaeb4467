package dev.bindery.shell.internal;

import dev.bindery.cache.CacheFile;
import dev.bindery.cache.HnswIndex;
import dev.bindery.cache.HnswIndexBuilder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

/**
 * {@code bindery:cache-index}: builds the HNSW index of a cache file ({@code <cache>.hnsw}, written atomically), with
 * progress. A cache configured with {@code search = auto} or {@code hnsw} uses it once its configuration is
 * updated (or the container restarts).
 */
@Service
@Command(scope = "bindery", name = "cache-index", description = "Builds the HNSW index of a cache file for approximate"
        + " search (written next to it as <cache>.hnsw)")
public class CacheIndexCommand implements Action {
    @Option(name = "--m", description = "Neighbours per node (upper levels; twice as many on level 0), default "
            + HnswIndex.DEFAULT_M)
    int m = HnswIndex.DEFAULT_M;

    @Option(name = "--beam-width", description = "Candidates kept while inserting a node, default "
            + HnswIndex.DEFAULT_BEAM_WIDTH)
    int beamWidth = HnswIndex.DEFAULT_BEAM_WIDTH;

    @Option(name = "--threads", description = "Builder threads (default: the available processors)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(name = "--output", aliases = "-o", description = "The index file (default: the cache file + .hnsw)")
    @Completion(FileCompleter.class)
    String output;

    @Option(name = "--json", description = "Print one JSON object with the result instead of progress lines")
    boolean json;

    @Argument(index = 0, name = "cache", required = true, description = "The cache file to index")
    @Completion(FileCompleter.class)
    String cache;

    @Override
    public Object execute() throws Exception {
        Path file = Paths.get(cache).toAbsolutePath();
        Path target = output == null ? HnswIndex.pathFor(file) : Paths.get(output).toAbsolutePath();
        PrintStream out = System.out;
        long start = System.nanoTime();
        try (CacheFile opened = CacheFile.open(file)) {
            if (!json) {
                out.printf(Locale.ROOT, "indexing %s (%d x %d %s) into %s: M %d, beam width %d, %d threads%n", file,
                        opened.size(), opened.dimension(), opened.dtype(), target, m, beamWidth, threads);
                out.flush();
            }
            long[] lastPrint = {System.nanoTime()};
            HnswIndexBuilder.Result result = HnswIndexBuilder.build(opened, target, m, beamWidth, threads,
                    (done, total) -> {
                        long now = System.nanoTime();
                        if (!json && done < total && now - lastPrint[0] > 5_000_000_000L) {
                            lastPrint[0] = now;
                            double seconds = (now - start) / 1e9;
                            out.printf(Locale.ROOT, "  %d / %d entries (%.1f%%), %.0f s, about %.0f s left%n", done,
                                    total, 100.0 * done / total, seconds,
                                    done == 0 ? Double.NaN : seconds * (total - done) / done);
                            out.flush();
                        }
                    });
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("cache", file.toString());
            summary.put("index", result.target().toString());
            summary.put("entries", result.entries());
            summary.put("levels", result.levels());
            summary.put("m", m);
            summary.put("beam_width", beamWidth);
            summary.put("bytes", result.fileBytes());
            summary.put("seconds", result.elapsed().toMillis() / 1e3);
            if (json) {
                JsonOut.print(out, summary);
            } else {
                out.printf(Locale.ROOT, "%s: %d entries, %d levels, %.1f MB, %.1f s%n", result.target(),
                        result.entries(), result.levels(), result.fileBytes() / 1e6, result.elapsed().toMillis() / 1e3);
            }
        }
        return null;
    }
}
