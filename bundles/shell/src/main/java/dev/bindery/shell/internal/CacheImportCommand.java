package dev.bindery.shell.internal;

import dev.bindery.cache.CacheEntry;
import dev.bindery.cache.CacheFile;
import dev.bindery.cache.CacheFiles;
import dev.bindery.tensor.DType;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.AbstractList;
import java.util.LinkedHashMap;
import java.util.List;
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
 * {@code bindery:cache-import}: turns an {@code (entries, dimension)} {@code .npy} matrix (how the released FAISS
 * cache comes in: {@code np.save("knn.npy", index.reconstruct_n(0, index.ntotal))}) into a cache file, or appends
 * its rows to an existing one; either way the file is replaced atomically.
 */
@Service
@Command(scope = "bindery", name = "cache-import", description = "Imports image embeddings from a .npy matrix into a"
        + " cache file (new, or appended to with --append)")
public class CacheImportCommand implements Action {
    @Option(name = "--output", aliases = "-o", required = true, description = "The cache file to write or append to")
    @Completion(FileCompleter.class)
    String output;

    @Option(name = "--model-id", description = "Id of the embedding model the vectors come from (required for a new"
            + " cache; with --append it must match the cache's)")
    String modelId;

    @Option(name = "--dtype", description = "Storage of the vectors of a new cache: f16 (default) or f32")
    String dtype = "f16";

    @Option(name = "--ids", description = "Text file with one id per row (default: the row numbers)")
    @Completion(FileCompleter.class)
    String idsFile;

    @Option(name = "--append", description = "Append the rows to the existing cache --output")
    boolean append;

    @Option(name = "--json", description = "Print one JSON object with the result")
    boolean json;

    @Argument(index = 0, name = "npy", required = true, description = "The (entries, dimension) float matrix")
    @Completion(FileCompleter.class)
    String npy;

    @Override
    public Object execute() throws Exception {
        Path source = Paths.get(npy).toAbsolutePath();
        Path target = Paths.get(output).toAbsolutePath();
        List<String> ids = idsFile == null ? null : Files.readAllLines(Paths.get(idsFile), StandardCharsets.UTF_8);
        long before = 0;
        if (append) {
            Path staged = Files.createTempFile(target.toAbsolutePath().getParent(), target.getFileName().toString(),
                    ".import");
            try (CacheFile existing = CacheFile.open(target)) {
                before = existing.size();
                if (modelId != null && !modelId.equals(existing.modelId())) {
                    throw new IllegalArgumentException(target + " holds " + existing.modelId() + " vectors, not "
                            + modelId);
                }
                CacheFiles.importNpy(source, staged, existing.modelId(), existing.dtype(), ids);
            } catch (RuntimeException | java.io.IOException e) {
                Files.deleteIfExists(staged);
                throw e;
            }
            try (CacheFile rows = CacheFile.open(staged)) {
                CacheFiles.append(target, entries(rows));
            } finally {
                Files.deleteIfExists(staged);
            }
        } else {
            if (modelId == null || modelId.isBlank()) {
                throw new IllegalArgumentException("--model-id is required for a new cache (e.g. imagebind_huge)");
            }
            DType type = switch (dtype.toLowerCase(Locale.ROOT)) {
                case "f16" -> DType.F16;
                case "f32" -> DType.F32;
                default -> throw new IllegalArgumentException("--dtype " + dtype + ": use f16 or f32");
            };
            CacheFiles.importNpy(source, target, modelId, type, ids);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        try (CacheFile cache = CacheFile.open(target)) {
            summary.put("file", target.toString());
            summary.put("model", cache.modelId());
            summary.put("dimension", cache.dimension());
            summary.put("dtype", cache.dtype().name());
            summary.put("entries", cache.size());
            summary.put("imported", cache.size() - before);
        }
        PrintStream out = System.out;
        if (json) {
            JsonOut.print(out, summary);
        } else {
            out.printf(Locale.ROOT, "%s: %d entries (%d imported from %s), %s, %d-d %s%n", target,
                    summary.get("entries"), summary.get("imported"), source, summary.get("model"),
                    summary.get("dimension"), summary.get("dtype"));
        }
        return null;
    }

    /** The rows of a cache as entries, read one at a time. */
    private static List<CacheEntry> entries(CacheFile rows) {
        return new AbstractList<>() {
            @Override
            public CacheEntry get(int i) {
                return new CacheEntry(rows.id(i), rows.vector(i), rows.source(i).orElse(null));
            }

            @Override
            public int size() {
                return Math.toIntExact(rows.size());
            }
        };
    }
}
