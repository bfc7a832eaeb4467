package dev.bindery.packages;

import dev.bindery.api.ModelMismatchException;
import dev.bindery.packages.internal.ComponentHeaders;
import dev.bindery.packages.internal.FileDigest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * A verified model package: a folder with {@value #MANIFEST} and the files the services load. An instance exists
 * only for a package that passed every check of {@link #open(Path, Verification)}; there is no partially valid
 * package.
 *
 * <p>In the container the package named by configuration {@code dev.bindery.package} is opened here before any
 * service is configured from it, with the files of the accessors ({@link #graph(String)}, {@link #llamaGguf()},
 * {@link #bindNetwork()}, {@link #cache()}, {@link #textBpe()}); on a {@link ModelMismatchException} no service is
 * configured from the package and those configured earlier are unloaded.
 */
public final class ModelPackage {
    /** The manifest's file name inside the package folder. */
    public static final String MANIFEST = "bindery-package.json";

    private final Path dir;
    private final PackageManifest manifest;

    private ModelPackage(Path dir, PackageManifest manifest) {
        this.dir = dir;
        this.manifest = manifest;
    }

    /** Opens and verifies a package in the {@link Verification#configured() configured} mode. */
    public static ModelPackage open(Path dir) throws IOException, ModelMismatchException {
        return open(dir, Verification.configured());
    }

    /**
     * Opens and verifies a package: the manifest's structure and format version, the dimensions of the components
     * against each other, every listed file's presence, size and (with {@link Verification#CHECKSUMS}) SHA-256, and
     * the headers of the LLaMA, bind-network and cache files against the manifest.
     *
     * @throws ModelMismatchException naming the file and manifest key when anything does not match
     * @throws IOException            if a file exists but cannot be read
     */
    public static ModelPackage open(Path dir, Verification verification) throws IOException, ModelMismatchException {
        Path root = dir.toAbsolutePath().normalize();
        Path manifestFile = root.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new ModelMismatchException(root + " is not a model package: it has no " + MANIFEST
                    + (Files.isDirectory(root) ? "" : " (the folder does not exist)"));
        }
        PackageManifest m = PackageManifest.parse(Files.readString(manifestFile, StandardCharsets.UTF_8),
                manifestFile.toString());
        m.checkConsistency(manifestFile.toString());
        for (Map.Entry<String, PackageFile> e : new TreeMap<>(m.files()).entrySet()) {
            checkFile(root, e.getKey(), e.getValue(), verification);
        }
        ComponentHeaders.checkLlama(root.resolve(m.llama().file()), m.llama().file(), m.llama());
        ComponentHeaders.checkBindNetwork(root.resolve(m.bindnet().file()), m.bindnet().file(), m.bindnet());
        if (m.cache() != null) {
            ComponentHeaders.checkCache(root.resolve(m.cache().file()), m.cache().file(), m.cache());
        }
        return new ModelPackage(root, m);
    }

    private static void checkFile(Path root, String rel, PackageFile expected, Verification verification)
            throws IOException, ModelMismatchException {
        Path file = root.resolve(rel);
        if (!Files.isRegularFile(file)) {
            throw new ModelMismatchException(root + ": file " + rel + " is listed in " + MANIFEST
                    + " but missing");
        }
        long size = Files.size(file);
        if (size != expected.size()) {
            throw new ModelMismatchException(root + ": file " + rel + " has " + size + " bytes but " + MANIFEST
                    + " (files." + rel + ".size) says " + expected.size());
        }
        if (verification == Verification.CHECKSUMS) {
            String actual = FileDigest.sha256(file);
            if (!actual.equals(expected.sha256())) {
                throw new ModelMismatchException(root + ": file " + rel + " has SHA-256 " + actual + " but "
                        + MANIFEST + " (files." + rel + ".sha256) says " + expected.sha256()
                        + ": the file was altered or damaged");
            }
        }
    }

    /** The package folder (absolute). */
    public Path dir() {
        return dir;
    }

    public PackageManifest manifest() {
        return manifest;
    }

    /** A file of the package by its manifest path. */
    public Path file(String relative) {
        return dir.resolve(relative);
    }

    /** The ONNX graph of a modality ({@code vision}, {@code text}, {@code audio}, ...), or null when it has none. */
    public Path graph(String modality) {
        String rel = manifest.imagebind().graphs().get(modality);
        return rel == null ? null : file(rel);
    }

    /** The LLaMA + adapter + tokenizer GGUF. */
    public Path llamaGguf() {
        return file(manifest.llama().file());
    }

    /** The bind network's weights (safetensors, or GGUF when quantised). */
    public Path bindNetwork() {
        return file(manifest.bindnet().file());
    }

    /** The visual cache file, or null when the package has none. */
    public Path cache() {
        return manifest.cache() == null ? null : file(manifest.cache().file());
    }

    /** The text encoder's BPE file, or null when the package has no text graph. */
    public Path textBpe() {
        return manifest.text() == null ? null : file(manifest.text().bpe());
    }

    @Override
    public String toString() {
        return "model package " + manifest.name() + " at " + dir;
    }
}
