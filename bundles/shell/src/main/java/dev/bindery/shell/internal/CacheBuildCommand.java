package dev.bindery.shell.internal;

import dev.bindery.api.modality.Modality;
import dev.bindery.api.modality.ModalityInput;
import dev.bindery.cache.CacheBuilder;
import dev.bindery.tensor.DType;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.osgi.framework.BundleContext;

/**
 * {@code bindery:cache-build}: builds a visual cache file from folders or lists of images with the best-ranked image
 * encoder (the one the pipeline uses), several images at once, with progress; interrupted, it continues where it
 * stopped when run again with the same output; the file appears only when complete.
 */
@Service
@Command(scope = "bindery", name = "cache-build", description = "Builds a visual cache from folders or lists of images"
        + " with the active image encoder (resumable; the file is written atomically)")
public class CacheBuildCommand implements Action {
    @Reference
    BundleContext context;

    @Option(name = "--output", aliases = "-o", required = true, description = "The cache file to write")
    @Completion(FileCompleter.class)
    String output;

    @Option(name = "--dtype", description = "Storage of the vectors: f16 (default, half the size) or f32")
    String dtype = "f16";

    @Option(name = "--threads", description = "Images encoded at once (default 2)")
    int threads = 2;

    @Option(name = "--json", description = "Print one JSON object with the result instead of progress lines")
    boolean json;

    @Argument(index = 0, name = "sources", required = true, multiValued = true,
            description = "Folders (searched recursively for .jpg/.jpeg/.png/.gif/.bmp), images, or text files listing"
                    + " one image path per line")
    @Completion(FileCompleter.class)
    List<String> sources;

    @Override
    public Object execute() throws Exception {
        DType type = switch (dtype.toLowerCase(Locale.ROOT)) {
            case "f16" -> DType.F16;
            case "f32" -> DType.F32;
            default -> throw new IllegalArgumentException("--dtype " + dtype + ": use f16 or f32");
        };
        List<Path> paths = new ArrayList<>();
        for (String s : sources) {
            paths.add(Paths.get(s).toAbsolutePath());
        }
        List<Path> images = CacheBuilder.images(paths);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images in " + sources);
        }
        EncoderLookup lookup = new EncoderLookup(context);
        // The model and width of the cache are those of the encoder that serves the first image.
        EncodedInput first = lookup.encode(ModalityInput.ofFile(Modality.IMAGE, images.get(0)));
        String modelId = first.embedding.modelId();
        int dimension = first.embedding.vector().length;
        PrintStream out = System.out;
        if (!json) {
            out.printf(Locale.ROOT, "building %s from %d images with %s (%d-d, %s)%n", output, images.size(),
                    modelId, dimension, type);
        }
        long start = System.nanoTime();
        long[] lastPrint = {0};
        CacheBuilder.Result result = CacheBuilder.build(images, Paths.get(output).toAbsolutePath(), modelId,
                dimension, type, image -> {
                    EncodedInput e = lookup.encode(ModalityInput.ofFile(Modality.IMAGE, image));
                    if (!e.embedding.modelId().equals(modelId)) {
                        throw new IllegalStateException("encoded by " + e.embedding.modelId() + " but the cache holds "
                                + modelId + " vectors (the image encoder changed during the build)");
                    }
                    return e.embedding.vector();
                }, threads, (done, total, image) -> {
                    long now = System.nanoTime();
                    if (!json && (done == total || now - lastPrint[0] > 2_000_000_000L)) {
                        lastPrint[0] = now;
                        double seconds = (now - start) / 1e9;
                        out.printf(Locale.ROOT, "  %d / %d images (%.1f%%), %.1f s%n", done, total,
                                100.0 * done / total, seconds);
                        out.flush();
                    }
                });
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("file", result.target().toString());
        summary.put("model", modelId);
        summary.put("dimension", dimension);
        summary.put("dtype", type.name());
        summary.put("entries", result.entries());
        summary.put("encoded", result.encoded());
        summary.put("resumed", result.resumed());
        Map<String, String> refused = new LinkedHashMap<>();
        result.refused().forEach((path, why) -> refused.put(path.toString(), why));
        summary.put("refused", refused);
        summary.put("seconds", (System.nanoTime() - start) / 1e9);
        if (json) {
            JsonOut.print(out, summary);
        } else {
            out.printf(Locale.ROOT, "%s: %d entries (%d encoded now, %d from an interrupted run), %d refused%n",
                    result.target(), result.entries(), result.encoded(), result.resumed(), refused.size());
            refused.forEach((path, why) -> out.println("  refused " + path + ": " + why));
        }
        return null;
    }
}
