package dev.bindery.bindnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.Json;
import dev.bindery.tensor.kernel.Parallel;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bind network against upstream's outputs: every stage of every query in {@code bind/}, and the visual feature
 * of every case folder that records the bind network's input.
 */
class BindNetworkGoldenTest {
    private static final String GROUP = "imagebind_llm_tiny";
    private static Manifest manifest;
    private static BindNetworkModel model;

    @BeforeAll
    static void load() throws Exception {
        manifest = Golden.manifest(GROUP);
        model = BindNetworkModel.load(manifest.path("adapter.pth"), WeightFormat.AS_STORED);
    }

    @Test
    void dimensionsAndLayoutComeFromTheCheckpoint() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> bind = (Map<String, Object>) Json.parseObject(
                Files.readString(manifest.path("config.json"), StandardCharsets.UTF_8)).get("bind_network");
        assertEquals(((Number) bind.get("in_dim")).intValue(), model.inputDimension());
        assertEquals(((Number) bind.get("dim")).intValue(), model.outputDimension());
        assertEquals(((Number) bind.get("hidden")).intValue(), model.hiddenDimension());
        assertEquals(BindLayout.RMS_NORM, model.layout());
        assertEquals(3, model.blockCount());
    }

    @Test
    void everyStageOfEveryQueryMatches() {
        List<String> stages = List.of("bind/after_proj.npy", "bind/after_block1.npy", "bind/after_block2.npy",
                "bind/output.npy");
        TensorData input = Golden.npy(GROUP + "/bind/bind_input.npy");
        int rows = (int) input.dim(0);
        int in = (int) input.dim(1);
        float[] all = input.toFloatArray();
        for (int r = 0; r < rows; r++) {
            List<float[]> trace = model.trace(Arrays.copyOfRange(all, r * in, (r + 1) * in));
            assertEquals(stages.size(), trace.size(), "stages of the forward pass");
            for (int s = 0; s < stages.size(); s++) {
                TensorData expected = Golden.npy(GROUP + "/" + stages.get(s));
                int dim = (int) expected.dim(1);
                float[] row = Arrays.copyOfRange(expected.toFloatArray(), r * dim, (r + 1) * dim);
                assertCloseRow(row, trace.get(s), manifest.tolerance(stages.get(s)), stages.get(s) + " row " + r);
                report(stages.get(s) + " row " + r, row, trace.get(s));
            }
        }
    }

    @Test
    void batchedQueriesGiveTheSameFeatures() {
        TensorData input = Golden.npy(GROUP + "/bind/bind_input.npy");
        TensorData expected = Golden.npy(GROUP + "/bind/output.npy");
        float[] batch = model.projectBatch(input.toFloatArray(), (int) input.dim(0));
        Golden.assertClose(expected, batch, manifest.tolerance("bind/output.npy"), "batched bind/output.npy");
    }

    @Test
    void everyCaseWithABindInputGivesItsVisualFeature() throws IOException {
        List<Path> cases;
        try (Stream<Path> s = Files.list(manifest.dir())) {
            cases = s.filter(d -> Files.isRegularFile(d.resolve("bind_input.npy"))
                            && Files.isRegularFile(d.resolve("visual_feature.npy")))
                    .sorted().collect(Collectors.toList());
        }
        assertFalse(cases.isEmpty(), "no case folder with bind_input.npy and visual_feature.npy");
        for (Path dir : cases) {
            String name = dir.getFileName() + "/visual_feature.npy";
            float[] query = Golden.npy(GROUP + "/" + dir.getFileName() + "/bind_input.npy").toFloatArray();
            TensorData expected = Golden.npy(GROUP + "/" + name);
            float[] feature = model.project(query);
            Golden.assertClose(expected, feature, manifest.tolerance(name), name);
            report(name, expected.toFloatArray(), feature);
        }
    }

    @Test
    void aSingleThreadedPoolGivesTheSameResult() throws Exception {
        try (Parallel one = new Parallel(1)) {
            BindNetworkModel serial = BindNetworkModel.load(manifest.path("adapter.pth"), WeightFormat.AS_STORED, one);
            float[] q = Golden.npy(GROUP + "/naive/bind_input.npy").toFloatArray();
            Golden.assertClose(Golden.npy(GROUP + "/naive/visual_feature.npy"), serial.project(q),
                    manifest.tolerance("naive/visual_feature.npy"), "naive/visual_feature.npy on one thread");
        }
    }

    static void assertCloseRow(float[] expected, float[] actual, dev.bindery.tensor.testing.Tolerance tol, String what) {
        Golden.assertClose(toDoubles(expected), null, toDoubles(actual), tol, what);
    }

    private static void report(String what, float[] expected, float[] actual) {
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs((double) expected[i] - actual[i]));
        }
        System.out.println("[parity] " + what + ": max |diff| " + max);
    }

    static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
