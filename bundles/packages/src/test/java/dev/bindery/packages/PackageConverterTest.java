package dev.bindery.packages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.ModelMismatchException;
import dev.bindery.onnx.imagebind.ImageBindConfig;
import dev.bindery.onnx.imagebind.ImageBindTrunks;
import dev.bindery.onnx.imagebind.TrunkModality;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.Json;
import dev.bindery.tensor.io.LlamaParams;
import dev.bindery.tensor.io.Npy;
import dev.bindery.tensor.testing.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Converting the golden tiny checkpoints and opening the result. */
class PackageConverterTest {
    @TempDir
    static Path shared;
    static ModelPackage converted;
    static List<String> stages = new ArrayList<>();
    static List<Double> fractions = new ArrayList<>();

    @TempDir
    Path tmp;

    @BeforeAll
    static void convertOnce() throws Exception {
        converted = DefaultPackage.build(Golden.dir(), shared.resolve("pkg"), (stage, fraction) -> {
            stages.add(stage);
            fractions.add(fraction);
        });
    }

    @Test
    void manifestRecordsTheSourcesDimensions() throws Exception {
        ModelPackage p = ModelPackage.open(converted.dir(), Verification.CHECKSUMS);
        PackageManifest m = p.manifest();
        Map<String, Object> ibConfig = Json.parseObject(Files.readString(Golden.path("imagebind_tiny/config.json")));
        @SuppressWarnings("unchecked")
        Map<String, Object> kwargs = (Map<String, Object>) ibConfig.get("ImageBindModel_kwargs");
        int embed = ((Number) kwargs.get("out_embed_dim")).intValue();
        assertEquals(embed, m.imagebind().dimension());
        assertEquals("imagebind_tiny", m.imagebind().modelId());

        LlamaParams params = LlamaParams.read(Golden.path("imagebind_llm_tiny/llama/tiny/params.json"));
        Map<String, Object> llmConfig = Json.parseObject(Files.readString(Golden.path("imagebind_llm_tiny/config.json")));
        @SuppressWarnings("unchecked")
        Map<String, Object> bind = (Map<String, Object>) llmConfig.get("bind_network");
        assertEquals(params.dim(), m.llama().dim());
        assertEquals(params.nLayers(), m.llama().layers());
        assertEquals(((Number) llmConfig.get("vocab_size")).intValue(), m.llama().vocabSize());
        assertTrue(m.llama().adapter());
        assertEquals(((Number) bind.get("in_dim")).intValue(), m.bindnet().inDim());
        assertEquals(((Number) bind.get("dim")).intValue(), m.bindnet().outDim());

        TensorData vectors = Npy.read(Golden.path("imagebind_llm_tiny/cache/cache_vectors.npy"));
        assertEquals(vectors.dim(0), m.cache().count());
        assertEquals(vectors.dim(1), m.cache().dim());
        assertEquals(DefaultPackage.NOTICE, m.notice());
        assertTrue(m.notice().contains("meaningless"));
        assertTrue(m.sources().containsKey("adapter"));
        assertEquals("adapter.pth", m.sources().get("adapter").name());
    }

    @Test
    void hasAGraphForEveryTrunkOfTheCheckpointAndListsEveryFile() throws Exception {
        Path pth = Golden.path("imagebind_tiny/imagebind_tiny.pth");
        try (ImageBindTrunks trunks = ImageBindTrunks.open(pth,
                ImageBindConfig.fromJson(Golden.path("imagebind_tiny/config.json")))) {
            TreeSet<String> expected = trunks.modalities().stream().map(TrunkModality::key)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(expected, new TreeSet<>(converted.manifest().imagebind().graphs().keySet()));
            for (String modality : expected) {
                assertTrue(Files.isRegularFile(converted.graph(modality)), modality);
            }
        }
        TreeSet<String> onDisk;
        try (Stream<Path> s = Files.walk(converted.dir())) {
            onDisk = s.filter(Files::isRegularFile).map(f -> converted.dir().relativize(f).toString())
                    .filter(f -> !f.equals(ModelPackage.MANIFEST)).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(onDisk, new TreeSet<>(converted.manifest().files().keySet()));
        assertNotNull(converted.textBpe());
        assertArrayEquals(Files.readAllBytes(Golden.path("imagebind_tiny/bpe_simple_vocab_16e6.txt.gz")),
                Files.readAllBytes(converted.textBpe()));
    }

    @Test
    void progressRisesToDone() {
        assertEquals("done", stages.get(stages.size() - 1));
        assertEquals(1.0, fractions.get(fractions.size() - 1));
        for (int i = 1; i < fractions.size(); i++) {
            assertTrue(fractions.get(i) >= fractions.get(i - 1), "fraction went back at " + stages.get(i));
        }
        assertTrue(stages.contains("llama") && stages.contains("bindnet") && stages.contains("cache"));
    }

    @Test
    void conversionIsReproducibleByteForByte() throws Exception {
        ModelPackage again = DefaultPackage.build(Golden.dir(), tmp.resolve("again"), ConversionListener.NONE);
        assertArrayEquals(Files.readAllBytes(converted.dir().resolve(ModelPackage.MANIFEST)),
                Files.readAllBytes(again.dir().resolve(ModelPackage.MANIFEST)));
        for (String rel : converted.manifest().files().keySet()) {
            assertArrayEquals(Files.readAllBytes(converted.file(rel)), Files.readAllBytes(again.file(rel)), rel);
        }
    }

    @Test
    void quantisedBindNetworkAndLlamaAreWrittenAndVerified() throws Exception {
        ConversionRequest base = DefaultPackage.request(Golden.dir());
        ConversionRequest q = new ConversionRequest(base.name(), base.notice(), base.imagebindCheckpoint(),
                base.imagebindConfig(), base.llamaDir(), base.tokenizer(), base.adapter(), base.bpe(), null,
                dev.bindery.llama.convert.GgufWeightFormat.Q8_0, dev.bindery.bindnet.WeightFormat.Q8_0,
                base.cacheType(), 256);
        ModelPackage p = PackageConverter.convert(q, tmp.resolve("q"), null);
        ModelPackage reopened = ModelPackage.open(p.dir(), Verification.CHECKSUMS);
        assertEquals("Q8_0", reopened.manifest().llama().weightFormat());
        assertEquals("Q8_0", reopened.manifest().bindnet().weightFormat());
        assertTrue(reopened.bindNetwork().toString().endsWith(".gguf"));
        assertEquals(null, reopened.cache());
        assertEquals(converted.manifest().bindnet().inDim(), reopened.manifest().bindnet().inDim());
    }

    @Test
    void aFailedConversionLeavesNoPackage() throws Exception {
        Path dir = tmp.resolve("redo");
        copyTree(converted.dir(), dir);
        ModelPackage.open(dir, Verification.SIZES_ONLY);
        ConversionRequest base = DefaultPackage.request(Golden.dir());
        ConversionRequest bad = new ConversionRequest(base.name(), base.notice(), base.imagebindCheckpoint(),
                base.imagebindConfig(), base.llamaDir(), base.tokenizer(),
                Golden.path("imagebind_tiny/imagebind_tiny.pth"), base.bpe(), base.cacheVectors(),
                base.llamaFormat(), base.bindNetworkFormat(), base.cacheType(), base.contextLength());
        ModelMismatchException e = assertThrows(ModelMismatchException.class,
                () -> PackageConverter.convert(bad, dir, null));
        assertTrue(e.getMessage().contains("imagebind_tiny.pth"), e.getMessage());
        ModelMismatchException notAPackage = assertThrows(ModelMismatchException.class,
                () -> ModelPackage.open(dir, Verification.SIZES_ONLY));
        assertTrue(notAPackage.getMessage().contains(ModelPackage.MANIFEST), notAPackage.getMessage());
    }

    @Test
    void refusesToWriteIntoAFolderWithOtherContent() throws Exception {
        Path dir = tmp.resolve("busy");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("notes.txt"), "mine");
        IOException e = assertThrows(IOException.class,
                () -> PackageConverter.convert(DefaultPackage.request(Golden.dir()), dir, null));
        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
        assertEquals("mine", Files.readString(dir.resolve("notes.txt")));
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
