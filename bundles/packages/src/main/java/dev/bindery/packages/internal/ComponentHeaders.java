package dev.bindery.packages.internal;

import dev.bindery.api.ModelMismatchException;
import dev.bindery.cache.CacheFile;
import dev.bindery.packages.BindNetPart;
import dev.bindery.packages.CachePart;
import dev.bindery.packages.LlamaPart;
import dev.bindery.tensor.io.GgufFile;
import dev.bindery.tensor.io.GgufValue;
import dev.bindery.tensor.io.Safetensors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the headers of a package's component files (milliseconds, whatever their size) and compares what they say
 * with the manifest, so that a file swapped for another model's file of the same name is refused even in the
 * sizes-only mode. ONNX graphs are left to the encoders, which check their inputs and outputs when they load them.
 */
public final class ComponentHeaders {
    /** The tensor whose shape gives the bind network's widths ({@code (out, in)}). */
    public static final String BIND_PROJECTION = "image_bind_proj.weight";
    /** A tensor only the ImageBind-LLM adapter brings into the GGUF. */
    public static final String ADAPTER_TENSOR = "adapter.prefix_query.weight";

    private ComponentHeaders() {
    }

    /** Checks the GGUF's model sizes and adapter against the manifest. */
    public static void checkLlama(Path file, String rel, LlamaPart llama) throws ModelMismatchException {
        try (GgufFile g = GgufFile.open(file)) {
            expect(rel, "llama.embedding_length", number(g, rel, "llama.embedding_length"), "components.llama.dim",
                    llama.dim());
            expect(rel, "llama.block_count", number(g, rel, "llama.block_count"), "components.llama.layers",
                    llama.layers());
            expect(rel, "llama.attention.head_count", number(g, rel, "llama.attention.head_count"),
                    "components.llama.heads", llama.heads());
            expect(rel, "llama.vocab_size", number(g, rel, "llama.vocab_size"), "components.llama.vocab_size",
                    llama.vocabSize());
            expect(rel, "llama.context_length", number(g, rel, "llama.context_length"),
                    "components.llama.context_length", llama.contextLength());
            if (g.contains(ADAPTER_TENSOR) != llama.adapter()) {
                throw new ModelMismatchException(rel + ": tensor " + ADAPTER_TENSOR + " is "
                        + (llama.adapter() ? "missing" : "present") + " but components.llama.adapter is "
                        + llama.adapter());
            }
        } catch (IOException e) {
            throw unreadable(rel, e);
        }
    }

    /** Checks the bind network's projection shape against the manifest's widths. */
    public static void checkBindNetwork(Path file, String rel, BindNetPart bind) throws ModelMismatchException {
        long[] shape;
        try {
            shape = isGguf(file) ? ggufShape(file) : safetensorsShape(file);
        } catch (IOException | IllegalArgumentException e) {
            throw unreadable(rel, e);
        }
        if (shape.length != 2) {
            throw new ModelMismatchException(rel + ": tensor " + BIND_PROJECTION + " has rank " + shape.length
                    + ", expected 2");
        }
        expect(rel, BIND_PROJECTION + " input width", shape[1], "components.bindnet.in_dim", bind.inDim());
        expect(rel, BIND_PROJECTION + " output width", shape[0], "components.bindnet.out_dim", bind.outDim());
    }

    /** Checks the cache file's vector width and count against the manifest. */
    public static void checkCache(Path file, String rel, CachePart cache) throws ModelMismatchException {
        try (CacheFile c = CacheFile.open(file, false)) {
            expect(rel, "dimension", c.dimension(), "components.cache.dim", cache.dim());
            expect(rel, "vector count", c.size(), "components.cache.count", cache.count());
        } catch (IOException e) {
            throw unreadable(rel, e);
        }
    }

    private static long[] ggufShape(Path file) throws IOException, ModelMismatchException {
        try (GgufFile g = GgufFile.open(file)) {
            if (!g.contains(BIND_PROJECTION)) {
                throw new ModelMismatchException(file + ": tensor " + BIND_PROJECTION + " is missing");
            }
            return g.shape(BIND_PROJECTION);
        }
    }

    private static long[] safetensorsShape(Path file) throws IOException, ModelMismatchException {
        try (Safetensors s = Safetensors.open(file)) {
            if (!s.contains(BIND_PROJECTION)) {
                throw new ModelMismatchException(file + ": tensor " + BIND_PROJECTION + " is missing");
            }
            return s.get(BIND_PROJECTION).shape();
        }
    }

    /** True when the file starts with GGUF's magic. */
    public static boolean isGguf(Path file) throws IOException {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(head, 0, 4) == 4 && head[0] == 'G' && head[1] == 'G' && head[2] == 'U'
                    && head[3] == 'F';
        }
    }

    private static long number(GgufFile g, String rel, String key) throws ModelMismatchException {
        GgufValue v = g.metadata(key);
        if (v == null) {
            throw new ModelMismatchException(rel + ": GGUF metadata " + key + " is missing");
        }
        return v.asLong();
    }

    private static void expect(String rel, String what, long actual, String manifestKey, long expected)
            throws ModelMismatchException {
        if (actual != expected) {
            throw new ModelMismatchException(rel + ": " + what + " is " + actual + " but the manifest's "
                    + manifestKey + " is " + expected);
        }
    }

    private static ModelMismatchException unreadable(String rel, Exception e) {
        return new ModelMismatchException(rel + ": cannot be read as its component's format (" + e.getMessage()
                + ")", e);
    }
}
