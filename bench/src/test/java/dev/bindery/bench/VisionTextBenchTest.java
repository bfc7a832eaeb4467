package dev.bindery.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.onnx.imagebind.ImageBindConfig;
import dev.bindery.onnx.imagebind.ImageBindTrunks;
import dev.bindery.onnx.imagebind.TrunkModality;
import dev.bindery.onnx.imagebind.TrunkSpec;
import dev.bindery.tensor.TensorData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vision/text benchmark's random checkpoints have the key names and shapes the graph builder expects (checked
 * at small widths: the builder reads the same shapes at the released ones), the lazy dict is deterministic, and the
 * summary rows compute items/s against the right anchor.
 */
class VisionTextBenchTest {
    @TempDir
    Path tmp;

    @Test
    void smallRandomCheckpointsBuildBothGraphs() throws Exception {
        Path vision = tmp.resolve("vision.pth");
        Path text = tmp.resolve("text.pth");
        TorchStateDictWriter.write(vision, VisionTextWeights.vision(1, 32, 2, 64, 16));
        TorchStateDictWriter.write(text, VisionTextWeights.text(1, 32, 2, 64, 16));
        try (ImageBindTrunks t = ImageBindTrunks.open(vision, ImageBindConfig.released())) {
            TrunkSpec spec = t.spec(TrunkModality.VISION);
            assertArrayEquals(new long[] {3, 2, 224, 224}, spec.inputShape());
            assertEquals(257, spec.tokens());
            assertEquals(16, spec.outputDim());
            assertTrue(t.graph(TrunkModality.VISION).toByteArray().length > 0);
        }
        try (ImageBindTrunks t = ImageBindTrunks.open(text, ImageBindConfig.released())) {
            assertEquals(77, t.spec(TrunkModality.TEXT).tokens());
            assertTrue(t.graph(TrunkModality.TEXT).toByteArray().length > 0);
        }
    }

    @Test
    void theLazyDictDrawsTheSameTensorsEveryTime() {
        Map<String, TensorData> dict = VisionTextWeights.vision(7, 8, 1, 16, 4);
        TensorData first = dict.values().iterator().next();
        TensorData again = dict.values().iterator().next();
        assertArrayEquals(first.toFloatArray(), again.toFloatArray());
        // the released sizes: the stem is the second tensor (only the tensors iterated over are drawn)
        Map.Entry<String, TensorData> stem = VisionTextWeights.vision(7).entrySet().stream().skip(1).findFirst()
                .orElseThrow();
        assertEquals("modality_preprocessors.vision.rgbt_stem.proj.1.weight", stem.getKey());
        assertArrayEquals(new long[] {1280, 3, 2, 14, 14}, stem.getValue().shape());
    }

    @Test
    void rowsAreItemsPerSecondAgainstTheirAnchor() {
        List<Map<String, Object>> image8 = VisionTextSummary.rows("imagesBatch8", ".t2", 16_000);
        assertEquals("vision.image.b8.t2.images_per_s", image8.get(0).get("name"));
        assertEquals(0.5, (Double) image8.get(0).get("value"), 1e-12);
        assertEquals(0.5 / VisionTextSummary.VISION_ANCHOR_B8, (Double) image8.get(0).get("ratio"), 1e-12);
        List<Map<String, Object>> text1 = VisionTextSummary.rows("textsBatch1", ".w12.t2", 250);
        assertEquals("text.text.b1.w12.t2.texts_per_s", text1.get(0).get("name"));
        assertEquals(4.0 / VisionTextSummary.TEXT_ANCHOR_B1, (Double) text1.get(0).get("ratio"), 1e-12);
        String previous = "[{\"name\": \"vision.image.b1.t2.time\", \"value\": 1.0}, {\"name\": \"text.x\", \"value\": 2.0}]";
        assertEquals(1, VisionTextSummary.keptRows(previous, false, true).size(), "a text run keeps the vision rows");
        assertEquals("vision.image.b1.t2.time", VisionTextSummary.keptRows(previous, false, true).get(0).get("name"));
        assertTrue(VisionTextSummary.keptRows("not json", true, false).isEmpty());
    }
}
