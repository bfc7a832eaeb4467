package dev.bindery.packages;

import dev.bindery.api.ModelMismatchException;
import dev.bindery.packages.internal.JsonObject;
import dev.bindery.packages.internal.PrettyJson;
import dev.bindery.tensor.io.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The content of {@code bindery-package.json}: what a model package holds (components with their dimensions and
 * formats), what it was converted from, and the SHA-256 and size of every file. The JSON form has sorted keys and
 * no timestamps, so equal content gives equal bytes.
 *
 * <pre>{@code
 * { "format": "bindery-model-package", "format_version": 1, "name": ..., "notice": ...,
 *   "components": { "imagebind": {"model_id", "dimension", "graphs": {modality: path}},
 *                   "text": {"bpe"}, "llama": {"file", "dim", "layers", "heads", "vocab_size", "context_length",
 *                   "weight_format", "adapter"}, "bindnet": {"file", "in_dim", "out_dim", "weight_format"},
 *                   "cache": {"file", "count", "dim"} (optional) },
 *   "sources": { role: {"name", "sha256", "size"} },
 *   "files": { path: {"sha256", "size"} } }
 * }</pre>
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param name          the package's name
 * @param notice        a sentence shown to users (e.g. that the default package answers meaningless text), or null
 * @param text          the text tokenizer, or null when there is no text graph
 * @param cache         the visual cache, or null
 * @param sources       role (e.g. {@code imagebind}, {@code adapter}) to the checkpoint it names
 * @param files         path inside the package to checksum and size, for every file the components name
 */
public record PackageManifest(int formatVersion, String name, String notice, ImageBindPart imagebind, TextPart text,
        LlamaPart llama, BindNetPart bindnet, CachePart cache, Map<String, SourceFile> sources,
        Map<String, PackageFile> files) {
    /** The value of the {@code format} key. */
    public static final String FORMAT = "bindery-model-package";
    /** The manifest layout this code writes and reads. */
    public static final int FORMAT_VERSION = 1;

    public PackageManifest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(imagebind, "imagebind");
        Objects.requireNonNull(llama, "llama");
        Objects.requireNonNull(bindnet, "bindnet");
        sources = Map.copyOf(sources);
        files = Map.copyOf(files);
    }

    /** Every path the components name, in a fixed order. */
    public List<String> componentFiles() {
        List<String> out = new ArrayList<>(new TreeMap<>(imagebind.graphs()).values());
        if (text != null) {
            out.add(text.bpe());
        }
        out.add(llama.file());
        out.add(bindnet.file());
        if (cache != null) {
            out.add(cache.file());
        }
        return out;
    }

    /**
     * Checks that the components fit each other: the bind network takes the ImageBind dimension and gives the LLaMA
     * one, the cache holds vectors of the ImageBind dimension, the LLaMA file carries the adapter, and every file a
     * component names is listed with a checksum.
     *
     * @param manifestFile names the manifest in messages
     * @throws ModelMismatchException naming the manifest and the keys that disagree
     */
    public void checkConsistency(String manifestFile) throws ModelMismatchException {
        String at = manifestFile + ": ";
        if (bindnet.inDim() != imagebind.dimension()) {
            throw new ModelMismatchException(at + "components.bindnet.in_dim is " + bindnet.inDim()
                    + " but components.imagebind.dimension is " + imagebind.dimension()
                    + ": the bind network does not take these ImageBind embeddings");
        }
        if (bindnet.outDim() != llama.dim()) {
            throw new ModelMismatchException(at + "components.bindnet.out_dim is " + bindnet.outDim()
                    + " but components.llama.dim is " + llama.dim()
                    + ": the bind network's features do not fit this LLaMA");
        }
        if (cache != null && cache.dim() != imagebind.dimension()) {
            throw new ModelMismatchException(at + "components.cache.dim is " + cache.dim()
                    + " but components.imagebind.dimension is " + imagebind.dimension()
                    + ": the cache holds vectors of another embedding space");
        }
        if (!llama.adapter()) {
            throw new ModelMismatchException(at + "components.llama.adapter is false: a LLaMA without the"
                    + " ImageBind-LLM adapter cannot take the bind network's visual features");
        }
        if (imagebind.graphs().isEmpty()) {
            throw new ModelMismatchException(at + "components.imagebind.graphs is empty");
        }
        if (imagebind.graphs().containsKey("text") && text == null) {
            throw new ModelMismatchException(at + "components.text is missing: the text graph needs its BPE file");
        }
        for (String path : componentFiles()) {
            if (!files.containsKey(path)) {
                throw new ModelMismatchException(at + "file '" + path + "' is named by a component but has no entry"
                        + " in files (no checksum to verify it against)");
            }
        }
    }

    /** The manifest as JSON (sorted keys, two-space indent, trailing newline). */
    public String toJson() {
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("imagebind", Map.of("model_id", imagebind.modelId(), "dimension", imagebind.dimension(),
                "graphs", imagebind.graphs()));
        if (text != null) {
            components.put("text", Map.of("bpe", text.bpe()));
        }
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("file", llama.file());
        l.put("dim", llama.dim());
        l.put("layers", llama.layers());
        l.put("heads", llama.heads());
        l.put("vocab_size", llama.vocabSize());
        l.put("context_length", llama.contextLength());
        l.put("weight_format", llama.weightFormat());
        l.put("adapter", llama.adapter());
        components.put("llama", l);
        components.put("bindnet", Map.of("file", bindnet.file(), "in_dim", bindnet.inDim(), "out_dim",
                bindnet.outDim(), "weight_format", bindnet.weightFormat()));
        if (cache != null) {
            components.put("cache", Map.of("file", cache.file(), "count", cache.count(), "dim", cache.dim()));
        }
        Map<String, Object> src = new LinkedHashMap<>();
        sources.forEach((role, s) -> src.put(role, Map.of("name", s.name(), "sha256", s.sha256(), "size", s.size())));
        Map<String, Object> fs = new LinkedHashMap<>();
        files.forEach((path, f) -> fs.put(path, Map.of("sha256", f.sha256(), "size", f.size())));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("format_version", formatVersion);
        root.put("name", name);
        if (notice != null) {
            root.put("notice", notice);
        }
        root.put("components", components);
        root.put("sources", src);
        root.put("files", fs);
        return PrettyJson.write(root);
    }

    /**
     * Reads a manifest (structure and types only; see {@link #checkConsistency} and {@link ModelPackage#open}).
     *
     * @param manifestFile names the manifest in messages
     * @throws ModelMismatchException naming the file and the key that is missing, mistyped or unsupported
     */
    public static PackageManifest parse(String json, String manifestFile) throws ModelMismatchException {
        Map<String, Object> rootMap;
        try {
            rootMap = Json.parseObject(json);
        } catch (IllegalArgumentException e) {
            throw new ModelMismatchException(manifestFile + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        JsonObject root = new JsonObject(manifestFile, "", rootMap);
        if (!FORMAT.equals(root.string("format"))) {
            throw root.problem("format", "is '" + root.string("format") + "', expected '" + FORMAT + "'");
        }
        long version = root.number("format_version");
        if (version != FORMAT_VERSION) {
            throw root.problem("format_version", "is " + version + "; this Bindery reads version " + FORMAT_VERSION);
        }
        JsonObject c = root.object("components");
        JsonObject ib = c.object("imagebind");
        JsonObject graphsJson = ib.object("graphs");
        Map<String, String> graphs = new LinkedHashMap<>();
        for (String modality : graphsJson.keys()) {
            graphs.put(modality, path(graphsJson, modality));
        }
        ImageBindPart imagebind = new ImageBindPart(ib.string("model_id"), ib.positiveInt("dimension"), graphs);
        JsonObject t = c.optionalObject("text");
        TextPart text = t == null ? null : new TextPart(path(t, "bpe"));
        JsonObject l = c.object("llama");
        LlamaPart llama = new LlamaPart(path(l, "file"), l.positiveInt("dim"), l.positiveInt("layers"),
                l.positiveInt("heads"), l.positiveInt("vocab_size"), l.positiveInt("context_length"),
                l.string("weight_format"), l.bool("adapter"));
        JsonObject b = c.object("bindnet");
        BindNetPart bindnet = new BindNetPart(path(b, "file"), b.positiveInt("in_dim"), b.positiveInt("out_dim"),
                b.string("weight_format"));
        JsonObject k = c.optionalObject("cache");
        CachePart cache = null;
        if (k != null) {
            long count = k.number("count");
            if (count < 0) {
                throw k.problem("count", "must not be negative, is " + count);
            }
            cache = new CachePart(path(k, "file"), count, k.positiveInt("dim"));
        }
        Map<String, SourceFile> sources = new LinkedHashMap<>();
        JsonObject src = root.object("sources");
        for (String role : src.keys()) {
            JsonObject s = src.object(role);
            sources.put(role, new SourceFile(s.string("name"), sha256(s), size(s)));
        }
        Map<String, PackageFile> files = new LinkedHashMap<>();
        JsonObject fs = root.object("files");
        for (String p : fs.keys()) {
            checkRelative(fs, p, p);
            JsonObject f = fs.object(p);
            files.put(p, new PackageFile(sha256(f), size(f)));
        }
        return new PackageManifest((int) version, root.string("name"), root.string("notice", null), imagebind, text,
                llama, bindnet, cache, sources, files);
    }

    private static String path(JsonObject o, String key) throws ModelMismatchException {
        String p = o.string(key);
        checkRelative(o, key, p);
        return p;
    }

    /** Package paths are relative, '/'-separated and stay inside the package. */
    private static void checkRelative(JsonObject o, String key, String p) throws ModelMismatchException {
        boolean bad = p.isEmpty() || p.startsWith("/") || p.contains("\\") || p.contains(":");
        for (String part : p.split("/", -1)) {
            bad |= part.isEmpty() || part.equals(".") || part.equals("..");
        }
        if (bad) {
            throw o.problem(key, "'" + p + "' is not a relative path inside the package");
        }
    }

    private static String sha256(JsonObject o) throws ModelMismatchException {
        String s = o.string("sha256");
        if (!s.matches("[0-9a-f]{64}")) {
            throw o.problem("sha256", "'" + s + "' is not a lower-case hex SHA-256");
        }
        return s;
    }

    private static long size(JsonObject o) throws ModelMismatchException {
        long n = o.number("size");
        if (n < 0) {
            throw o.problem("size", "must not be negative, is " + n);
        }
        return n;
    }
}
