package dev.bindery.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.ModelMismatchException;
import dev.bindery.packages.internal.FileDigest;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.Safetensors;
import dev.bindery.tensor.testing.Golden;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way {@link ModelPackage#open} refuses a damaged or inconsistent package, each naming the file and key. */
class ModelPackageTest {
    @TempDir
    static Path shared;
    static ModelPackage good;

    @TempDir
    Path tmp;

    @BeforeAll
    static void convertOnce() throws Exception {
        good = DefaultPackage.build(Golden.dir(), shared.resolve("pkg"), ConversionListener.NONE);
    }

    private Path copy() throws Exception {
        Path dir = tmp.resolve("copy");
        PackageConverterTest.copyTree(good.dir(), dir);
        return dir;
    }

    private static ModelMismatchException refused(Path dir, Verification v) {
        return assertThrows(ModelMismatchException.class, () -> ModelPackage.open(dir, v));
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' not in: " + e.getMessage());
        }
    }

    private static void editManifest(Path dir, String from, String to) throws Exception {
        Path m = dir.resolve(ModelPackage.MANIFEST);
        String text = Files.readString(m);
        assertTrue(text.contains(from), from);
        Files.writeString(m, text.replace(from, to));
    }

    @Test
    void everyComponentFileOfEveryKindIsCheckedByChecksum() throws Exception {
        for (String rel : good.manifest().files().keySet()) {
            Path dir = copy();
            Path f = dir.resolve(rel);
            byte[] bytes = Files.readAllBytes(f);
            bytes[bytes.length / 2] ^= 0x5A;
            Files.write(f, bytes);
            ModelMismatchException e = refused(dir, Verification.CHECKSUMS);
            assertMentions(e, rel, "SHA-256", "files." + rel + ".sha256");
            deleteTree(dir);
        }
    }

    @Test
    void sizesOnlyModeChecksLengthsButNotContent() throws Exception {
        Path dir = copy();
        String graph = good.manifest().imagebind().graphs().get("vision");
        Path f = dir.resolve(graph);
        byte[] bytes = Files.readAllBytes(f);
        bytes[bytes.length - 1] ^= 0x01;
        Files.write(f, bytes);
        assertEquals(good.manifest(), ModelPackage.open(dir, Verification.SIZES_ONLY).manifest());
        refused(dir, Verification.CHECKSUMS);

        Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length - 7));
        assertMentions(refused(dir, Verification.SIZES_ONLY), graph, "bytes", "files." + graph + ".size");
    }

    @Test
    void aMissingFileIsNamed() throws Exception {
        Path dir = copy();
        Files.delete(dir.resolve(PackageConverter.LLAMA_FILE));
        assertMentions(refused(dir, Verification.SIZES_ONLY), PackageConverter.LLAMA_FILE, "missing");
    }

    @Test
    void aBindNetworkForAnotherImageBindIsAMismatch() throws Exception {
        Path dir = copy();
        int in = good.manifest().imagebind().dimension();
        editManifest(dir, "\"in_dim\": " + in, "\"in_dim\": " + (in + 16));
        assertMentions(refused(dir, Verification.SIZES_ONLY), "components.bindnet.in_dim",
                "components.imagebind.dimension");
    }

    @Test
    void aBindNetworkForAnotherLlamaIsAMismatch() throws Exception {
        Path dir = copy();
        int out = good.manifest().bindnet().outDim();
        editManifest(dir, "\"out_dim\": " + out, "\"out_dim\": " + (out * 2));
        assertMentions(refused(dir, Verification.SIZES_ONLY), "components.bindnet.out_dim", "components.llama.dim");
    }

    @Test
    void aCacheOfAnotherEmbeddingSpaceIsAMismatch() throws Exception {
        Path dir = copy();
        long count = good.manifest().cache().count();
        int dim = good.manifest().cache().dim();
        editManifest(dir, "\"count\": " + count + ",\n      \"dim\": " + dim,
                "\"count\": " + count + ",\n      \"dim\": " + (dim + 1));
        assertMentions(refused(dir, Verification.SIZES_ONLY), "components.cache.dim",
                "components.imagebind.dimension");
    }

    @Test
    void aSwappedComponentFileWithAValidChecksumIsCaughtByItsHeader() throws Exception {
        // Another model's bind network, listed with its own (correct) checksum: only its shape gives it away.
        Path dir = copy();
        String rel = good.manifest().bindnet().file();
        int in = good.manifest().bindnet().inDim() + 8;
        int out = good.manifest().bindnet().outDim();
        Path f = dir.resolve(rel);
        Safetensors.write(f, List.of(TensorData.ofFloats("image_bind_proj.weight", new long[] {out, in},
                new float[out * in])), Map.of());
        PackageFile old = good.manifest().files().get(rel);
        editManifest(dir, old.sha256(), FileDigest.sha256(f));
        editManifest(dir, "\"size\": " + old.size() + "\n", "\"size\": " + Files.size(f) + "\n");
        ModelMismatchException e = refused(dir, Verification.CHECKSUMS);
        assertMentions(e, rel, "image_bind_proj.weight", "components.bindnet.in_dim");
    }

    @Test
    void aLlamaFileOfOtherSizesIsCaughtByItsHeader() throws Exception {
        Path dir = copy();
        int dim = good.manifest().llama().dim();
        int out = good.manifest().bindnet().outDim();
        // Keep the manifest consistent with itself; only the GGUF disagrees.
        editManifest(dir, "\"dim\": " + dim + ",\n      \"file\": \"llama", "\"dim\": " + (dim + 32)
                + ",\n      \"file\": \"llama");
        editManifest(dir, "\"out_dim\": " + out, "\"out_dim\": " + (dim + 32));
        assertMentions(refused(dir, Verification.SIZES_ONLY), PackageConverter.LLAMA_FILE,
                "llama.embedding_length", "components.llama.dim");
    }

    @Test
    void manifestStructureProblemsNameTheKey() throws Exception {
        Path dir = copy();
        editManifest(dir, "\"format_version\": 1", "\"format_version\": 9");
        assertMentions(refused(dir, Verification.SIZES_ONLY), "format_version", "9");

        dir = tmp.resolve("c2");
        PackageConverterTest.copyTree(good.dir(), dir);
        editManifest(dir, "\"vocab_size\": " + good.manifest().llama().vocabSize() + ",\n", "");
        assertMentions(refused(dir, Verification.SIZES_ONLY), "components.llama.vocab_size", "missing");

        dir = tmp.resolve("c3");
        PackageConverterTest.copyTree(good.dir(), dir);
        editManifest(dir, "\"file\": \"" + PackageConverter.LLAMA_FILE + "\"", "\"file\": \"../outside.gguf\"");
        assertMentions(refused(dir, Verification.SIZES_ONLY), "components.llama.file", "../outside.gguf");

        dir = tmp.resolve("c4");
        PackageConverterTest.copyTree(good.dir(), dir);
        Files.writeString(dir.resolve(ModelPackage.MANIFEST), "{\"format\": ", StandardCharsets.UTF_8);
        assertMentions(refused(dir, Verification.SIZES_ONLY), ModelPackage.MANIFEST, "not valid JSON");
    }

    @Test
    void aFolderWithoutManifestIsNotAPackage() {
        assertMentions(refused(tmp, Verification.CHECKSUMS), "not a model package", ModelPackage.MANIFEST);
    }

    @Test
    void verificationModesParse() {
        assertEquals(Verification.SIZES_ONLY, Verification.parse("Sizes"));
        assertEquals(Verification.CHECKSUMS, Verification.parse("checksums"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Verification.parse("none"));
        assertMentions(e, Verification.PROPERTY, "none");
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
