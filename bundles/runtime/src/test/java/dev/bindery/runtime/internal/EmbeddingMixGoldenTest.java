package dev.bindery.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.InvalidInputException;
import dev.bindery.api.modality.Embedding;
import dev.bindery.api.modality.Modality;
import dev.bindery.api.strategy.WeightedEmbedding;
import dev.bindery.tensor.io.Json;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The mix of the golden end-to-end cases: every case folder with per-modality embeddings and a mixed query. */
class EmbeddingMixGoldenTest {
    private static final String GROUP = "imagebind_llm_tiny";

    @Test
    void mixesEveryGoldenCaseLikeUpstream() throws Exception {
        Manifest manifest = Golden.manifest(GROUP);
        List<Path> cases;
        try (Stream<Path> dirs = Files.list(Golden.path(GROUP))) {
            cases = dirs.filter(d -> Files.isRegularFile(d.resolve("query_mixed.npy"))).sorted()
                    .collect(Collectors.toList());
        }
        assertFalse(cases.isEmpty(), "no golden case with query_mixed.npy");
        for (Path dir : cases) {
            String name = dir.getFileName().toString();
            List<WeightedEmbedding> embeddings = weightedEmbeddings(dir);
            float[] mixed = EmbeddingMix.mix(embeddings);
            String file = name + "/query_mixed.npy";
            Golden.assertClose(Golden.npy(GROUP + "/" + file), mixed, manifest.tolerance(file), name + " mix");
            if (Files.isRegularFile(dir.resolve("bind_input.npy"))) {
                String bind = name + "/bind_input.npy";
                Golden.assertClose(Golden.npy(GROUP + "/" + bind), mixed, manifest.tolerance(bind),
                        name + " bind input");
            }
        }
    }

    @Test
    void refusesAnEmptyMixAndEmbeddingsOfDifferentModels() {
        assertThrows(InvalidInputException.class, () -> EmbeddingMix.mix(List.of()));
        WeightedEmbedding a = new WeightedEmbedding(new Embedding(Modality.IMAGE, "m1", new float[] {1, 0}), 1);
        WeightedEmbedding b = new WeightedEmbedding(new Embedding(Modality.AUDIO, "m2", new float[] {0, 1}), 1);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> EmbeddingMix.mix(List.of(a, b)));
        assertTrue(e.getMessage().contains("one model"), e.getMessage());
    }

    /** The case's embedding_<modality>.npy files with the weights its result.json gives each modality. */
    @SuppressWarnings("unchecked")
    static List<WeightedEmbedding> weightedEmbeddings(Path dir) throws IOException {
        Map<String, Object> result = Json.parseObject(Files.readString(dir.resolve("result.json")));
        Map<String, Object> inputs = (Map<String, Object>) result.get("inputs");
        List<WeightedEmbedding> out = new ArrayList<>();
        for (Map.Entry<String, Object> input : inputs.entrySet()) {
            String modality = input.getKey().toLowerCase(Locale.ROOT);
            float weight = ((Number) ((List<Object>) input.getValue()).get(1)).floatValue();
            Path file = dir.resolve("embedding_" + modality + ".npy");
            assertTrue(Files.isRegularFile(file), "missing " + file);
            float[] vector = Golden.npy(GROUP + "/" + dir.getFileName() + "/" + file.getFileName()).toFloatArray();
            out.add(new WeightedEmbedding(new Embedding(Modality.of(modality), "imagebind_tiny", vector), weight));
        }
        return out;
    }
}
