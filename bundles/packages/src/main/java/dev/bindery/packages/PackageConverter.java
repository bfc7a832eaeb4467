package dev.bindery.packages;

import dev.bindery.api.ModelMismatchException;
import dev.bindery.bindnet.BindNetworkModel;
import dev.bindery.cache.CacheFile;
import dev.bindery.cache.CacheFiles;
import dev.bindery.llama.convert.GgufSummary;
import dev.bindery.llama.convert.LlamaGgufConverter;
import dev.bindery.onnx.OnnxModelWriter;
import dev.bindery.onnx.imagebind.ImageBindConfig;
import dev.bindery.onnx.imagebind.ImageBindTrunks;
import dev.bindery.onnx.imagebind.TrunkModality;
import dev.bindery.packages.internal.BindNetworkExport;
import dev.bindery.packages.internal.FileDigest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Builds a model package from the official checkpoints: the ImageBind trunks as ONNX graphs, LLaMA with the adapter
 * and tokenizer as one GGUF (the LLaMA bundle's own conversion), the bind network, the optional cache, the BPE file,
 * and last the manifest with the checksum of every file. The manifest of an earlier package in the folder is removed
 * before anything is written and the new one is moved into place atomically at the end, so a conversion killed at
 * any point leaves a folder that does not open as a package. The result is deterministic: the same sources and
 * options give the same bytes.
 *
 * <p>Package layout: {@code imagebind/<modality>.onnx}, {@code text/<bpe file>}, {@code llama/model.gguf},
 * {@code bindnet/bind_network.safetensors} (or {@code .gguf} when quantised), {@code cache/visual_cache.bin},
 * {@code bindery-package.json}.
 */
public final class PackageConverter {
    /** The LLaMA GGUF's path inside a package. */
    public static final String LLAMA_FILE = "llama/model.gguf";
    /** The cache file's path inside a package. */
    public static final String CACHE_FILE = "cache/visual_cache.bin";

    private PackageConverter() {
    }

    /**
     * Converts and then opens the result with full verification.
     *
     * @param target the package folder: missing, empty, or an earlier package (which is replaced)
     * @throws IOException            if a source is missing or corrupt, or the target is a folder with other content
     * @throws ModelMismatchException if the sources do not make one consistent model (the adapter does not fit the
     *                                LLaMA base, the bind network does not take ImageBind's dimension, ...)
     */
    public static ModelPackage convert(ConversionRequest request, Path target, ConversionListener listener)
            throws IOException, ModelMismatchException {
        Path dir = prepare(target.toAbsolutePath().normalize());
        Progress progress = new Progress(listener);
        Map<String, String> graphs = new TreeMap<>();
        String modelId = baseName(request.imagebindCheckpoint());
        int dimension = writeGraphs(request, dir, graphs, progress);

        progress.stage("llama", 0.40);
        Path tokenizer = request.tokenizer() != null ? request.tokenizer() : findTokenizer(request.llamaDir());
        GgufSummary llama = LlamaGgufConverter.convert(request.llamaDir(), tokenizer, request.adapter(),
                request.llamaFormat(), request.contextLength(), dir.resolve(LLAMA_FILE));

        progress.stage("bindnet", 0.70);
        String bindFile = "bindnet/" + BindNetworkExport.fileName(request.bindNetworkFormat());
        Files.createDirectories(dir.resolve("bindnet"));
        BindNetworkExport.write(request.adapter(), request.bindNetworkFormat(), dir.resolve(bindFile));
        // Loading it back runs the bind-network bundle's strict reader: a file the service would refuse fails here.
        BindNetworkModel bind = BindNetworkModel.load(dir.resolve(bindFile),
                dev.bindery.bindnet.WeightFormat.AS_STORED);

        CachePart cache = null;
        if (request.cacheVectors() != null) {
            progress.stage("cache", 0.78);
            Files.createDirectories(dir.resolve("cache"));
            CacheFiles.importNpy(request.cacheVectors(), dir.resolve(CACHE_FILE), modelId, request.cacheType(), null);
            try (CacheFile c = CacheFile.open(dir.resolve(CACHE_FILE), true)) {
                cache = new CachePart(CACHE_FILE, c.size(), c.dimension());
            }
        }
        TextPart text = null;
        if (request.bpe() != null && graphs.containsKey(TrunkModality.TEXT.key())) {
            progress.stage("text", 0.82);
            text = new TextPart("text/" + request.bpe().getFileName());
            Files.createDirectories(dir.resolve("text"));
            Files.copy(request.bpe(), dir.resolve(text.bpe()), StandardCopyOption.REPLACE_EXISTING);
        }

        progress.stage("checksums", 0.84);
        List<String> written = new ArrayList<>(graphs.values());
        for (String g : graphs.values()) {
            Path data = OnnxModelWriter.externalDataFile(dir.resolve(g));
            if (Files.isRegularFile(data)) {
                written.add(dir.relativize(data).toString().replace('\\', '/'));
            }
        }
        written.add(LLAMA_FILE);
        written.add(bindFile);
        if (cache != null) {
            written.add(CACHE_FILE);
        }
        if (text != null) {
            written.add(text.bpe());
        }
        Map<String, PackageFile> files = new TreeMap<>();
        for (String rel : written) {
            Path f = dir.resolve(rel);
            makeReadable(f);
            files.put(rel, new PackageFile(FileDigest.sha256(f), Files.size(f)));
        }
        Map<String, SourceFile> sources = sources(request, tokenizer);

        progress.stage("manifest", 0.97);
        PackageManifest manifest = new PackageManifest(PackageManifest.FORMAT_VERSION, request.name(),
                request.notice(), new ImageBindPart(modelId, dimension, graphs), text,
                new LlamaPart(LLAMA_FILE, llama.dim(), llama.layers(), llama.heads(), llama.vocabSize(),
                        llama.contextLength(), llama.weightFormat().name(), llama.adapter()),
                new BindNetPart(bindFile, bind.inputDimension(), bind.outputDimension(),
                        request.bindNetworkFormat().name()),
                cache, sources, files);
        manifest.checkConsistency(dir.resolve(ModelPackage.MANIFEST).toString());
        writeManifest(dir, manifest);
        ModelPackage opened = ModelPackage.open(dir, Verification.SIZES_ONLY);
        progress.stage("done", 1.0);
        return opened;
    }

    /** Writes every trunk's graph and returns the common embedding dimension. */
    private static int writeGraphs(ConversionRequest request, Path dir, Map<String, String> graphs,
            Progress progress) throws IOException, ModelMismatchException {
        ImageBindConfig config = imagebindConfig(request);
        try (ImageBindTrunks trunks = ImageBindTrunks.open(request.imagebindCheckpoint(), config)) {
            Set<TrunkModality> modalities = trunks.modalities();
            if (modalities.isEmpty()) {
                throw new ModelMismatchException(request.imagebindCheckpoint()
                        + ": no modality trunk (no *.blocks.0.attn.in_proj_weight key): not an ImageBind checkpoint");
            }
            int dimension = -1;
            String first = null;
            int i = 0;
            for (TrunkModality m : modalities) {
                progress.stage("imagebind:" + m.key(), 0.40 * i++ / modalities.size());
                int d = trunks.spec(m).outputDim();
                if (dimension < 0) {
                    dimension = d;
                    first = m.key();
                } else if (d != dimension) {
                    throw new ModelMismatchException(request.imagebindCheckpoint() + ": the " + m.key()
                            + " head outputs " + d + " values but the " + first + " head " + dimension);
                }
                String rel = "imagebind/" + m.key() + ".onnx";
                trunks.graph(m).write(dir.resolve(rel));
                graphs.put(m.key(), rel);
            }
            return dimension;
        }
    }

    private static ImageBindConfig imagebindConfig(ConversionRequest request) throws IOException {
        if (request.imagebindConfig() != null) {
            return ImageBindConfig.fromJson(request.imagebindConfig());
        }
        Path beside = request.imagebindCheckpoint().toAbsolutePath().resolveSibling("config.json");
        return Files.isRegularFile(beside) ? ImageBindConfig.fromJson(beside) : ImageBindConfig.released();
    }

    /** Checksums of the sources, by role; file names only, so the manifest does not depend on where they were. */
    private static Map<String, SourceFile> sources(ConversionRequest r, Path tokenizer) throws IOException {
        Map<String, Path> roles = new LinkedHashMap<>();
        roles.put("imagebind", r.imagebindCheckpoint());
        if (r.imagebindConfig() != null) {
            roles.put("imagebind_config", r.imagebindConfig());
        }
        try (Stream<Path> s = Files.list(r.llamaDir())) {
            for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                String n = p.getFileName().toString();
                if (n.equals("params.json") || (n.startsWith("consolidated.") && n.endsWith(".pth"))) {
                    roles.put("llama:" + n, p);
                }
            }
        }
        roles.put("tokenizer", tokenizer);
        roles.put("adapter", r.adapter());
        if (r.bpe() != null) {
            roles.put("bpe", r.bpe());
        }
        if (r.cacheVectors() != null) {
            roles.put("cache_vectors", r.cacheVectors());
        }
        Map<String, SourceFile> out = new TreeMap<>();
        for (Map.Entry<String, Path> e : roles.entrySet()) {
            Path p = e.getValue();
            out.put(e.getKey(), new SourceFile(p.getFileName().toString(), FileDigest.sha256(p), Files.size(p)));
        }
        return out;
    }

    private static Path prepare(Path dir) throws IOException {
        Path manifest = dir.resolve(ModelPackage.MANIFEST);
        if (Files.isDirectory(dir) && !Files.exists(manifest)) {
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new IOException(dir + " is not empty and is not a model package: choose a new folder");
                }
            }
        }
        // Removed first: from here until the new manifest is in place the folder is not a package.
        Files.deleteIfExists(manifest);
        Files.createDirectories(dir);
        return dir;
    }

    /**
     * Some writers create their output as owner-only temporary files; a package is shared with the service's user,
     * so its files are made readable by everyone (where the file system has POSIX permissions).
     */
    private static void makeReadable(Path file) throws IOException {
        if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    private static void writeManifest(Path dir, PackageManifest manifest) throws IOException {
        Path tmp = dir.resolve(ModelPackage.MANIFEST + ".partial");
        Files.writeString(tmp, manifest.toJson(), StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(ModelPackage.MANIFEST), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    private static Path findTokenizer(Path llamaDir) throws IOException {
        Path here = llamaDir.resolve("tokenizer.model");
        if (Files.isRegularFile(here)) {
            return here;
        }
        Path parent = llamaDir.toAbsolutePath().getParent();
        if (parent != null && Files.isRegularFile(parent.resolve("tokenizer.model"))) {
            return parent.resolve("tokenizer.model");
        }
        throw new java.nio.file.NoSuchFileException(here.toString(), null,
                "no tokenizer.model in the LLaMA folder or its parent; name it explicitly");
    }

    private static String baseName(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** Keeps the reported fraction from going backwards. */
    private static final class Progress {
        private final ConversionListener listener;
        private double last;

        Progress(ConversionListener listener) {
            this.listener = listener == null ? ConversionListener.NONE : listener;
        }

        void stage(String stage, double fraction) {
            last = Math.max(last, fraction);
            listener.progress(stage, last);
        }
    }
}
