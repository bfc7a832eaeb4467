package dev.bindery.encoder.pointcloud.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The point cases of the golden manifests, read from the manifests themselves (never a hard-coded list). */
final class PointFixtures {
    private PointFixtures() {
    }

    /** One input file of {@code preprocess/manifest.json#point_items}. */
    record Item(String input, String loaded, String modelReady, String loadedDtype, boolean fpsApplied, int nLoaded) {
        /** The case name, the input file name without extension. */
        String name() {
            String f = input.substring(input.lastIndexOf('/') + 1);
            return f.substring(0, f.lastIndexOf('.'));
        }

        /** The FPS index file of this case (relative to the preprocess group), whether or not it exists. */
        String fpsIndices() {
            return "point/" + name() + ".fps8192_indices.npy";
        }
    }

    static Manifest preprocess() {
        return Golden.manifest("preprocess");
    }

    @SuppressWarnings("unchecked")
    static List<Item> items() {
        List<Map<String, Object>> raw = (List<Map<String, Object>>) preprocess().root().get("point_items");
        List<Item> out = new ArrayList<>();
        for (Map<String, Object> m : raw) {
            out.add(new Item((String) m.get("input"), (String) m.get("loaded"), (String) m.get("model_ready"),
                    (String) m.get("loaded_dtype"), Boolean.TRUE.equals(m.get("fps_applied")),
                    ((Number) m.get("n_loaded")).intValue()));
        }
        assertFalse(out.isEmpty(), "preprocess manifest lists no point items");
        return out;
    }

    /** One row of the tiny ImageBind's point embeddings, with the prefix of its intermediates. */
    record EncoderCase(int row, String modelReadyInput, String intermediatePrefix) {
    }

    @SuppressWarnings("unchecked")
    static List<EncoderCase> encoderCases() {
        Manifest m = Golden.manifest("imagebind_tiny");
        Map<String, Object> items = (Map<String, Object>) m.root().get("items");
        List<Map<String, Object>> rows = (List<Map<String, Object>>) items.get("point");
        List<EncoderCase> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            int row = ((Number) r.get("row")).intValue();
            String input = (String) r.get("input");
            String name = input.substring(input.lastIndexOf('/') + 1, input.indexOf(".model_ready.npy"));
            out.add(new EncoderCase(row, input, String.format("intermediates/point/%02d_%s", row, name)));
        }
        assertFalse(out.isEmpty(), "imagebind_tiny manifest lists no point items");
        return out;
    }
}
