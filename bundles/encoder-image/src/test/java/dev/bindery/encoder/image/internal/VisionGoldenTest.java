package dev.bindery.encoder.image.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import dev.bindery.tensor.testing.Tolerance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every vision case of the golden preprocess manifest, stage by stage: the decoded RGB (where upstream saved it), the
 * resized pixels (asserted bit-exact, stricter than the manifest's one-level tolerance, because PIL's fixed-point
 * bicubic is replicated), the crop offsets, and the final normalised tensor with the manifest tolerance.
 */
class VisionGoldenTest {
    private static final Manifest MANIFEST = Golden.manifest("preprocess");
    private final ImageFileDecoder decoder = new ImageFileDecoder();
    private final VisionPreprocessor preprocessor = new VisionPreprocessor(decoder);

    @TestFactory
    List<DynamicTest> everyVisionCase() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> item : visionItems()) {
            String input = (String) item.get("input");
            tests.add(DynamicTest.dynamicTest(input, () -> checkCase(item)));
        }
        assertFalse(tests.isEmpty(), "the manifest lists no vision cases");
        return tests;
    }

    private void checkCase(Map<String, Object> item) throws Exception {
        String input = (String) item.get("input");
        String expectedFile = (String) item.get("expected");
        String stem = expectedFile.substring(0, expectedFile.length() - ".expected.npy".length());
        Path file = MANIFEST.path(input);

        RgbImage rgb = decoder.decode(file);
        long[] size = Manifest.toShape(item.get("size_wh"));
        assertEquals(size[0], rgb.width(), input + ": decoded width");
        assertEquals(size[1], rgb.height(), input + ": decoded height");
        String decodedFile = stem + ".decoded_rgb.npy";
        if (MANIFEST.files().contains(decodedFile)) {
            assertPixels(decodedFile, rgb, Tolerance.EXACT);
        }

        RgbImage resized = preprocessor.resize(rgb, input);
        long[] resizedWh = Manifest.toShape(item.get("resized_wh"));
        assertEquals(resizedWh[0], resized.width(), input + ": resized width");
        assertEquals(resizedWh[1], resized.height(), input + ": resized height");
        assertPixels(stem + ".resized_rgb.npy", resized, Tolerance.EXACT);

        assertEquals(((Number) item.get("crop_top")).intValue(),
                CenterCrop.offset(resized.height(), VisionPreprocessor.SIZE), input + ": crop top");
        assertEquals(((Number) item.get("crop_left")).intValue(),
                CenterCrop.offset(resized.width(), VisionPreprocessor.SIZE), input + ": crop left");

        float[] tensor = preprocessor.preprocess(file);
        Golden.assertClose(Golden.npy("preprocess/" + expectedFile), tensor, MANIFEST.tolerance(expectedFile),
                expectedFile);
    }

    private static void assertPixels(String goldenFile, RgbImage actual, Tolerance tolerance) {
        TensorData expected = Golden.npy("preprocess/" + goldenFile);
        assertEquals(List.of((long) actual.height(), (long) actual.width(), 3L), boxed(expected.shape()),
                goldenFile + ": shape");
        byte[] pixels = actual.pixels();
        double[] values = new double[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            values[i] = pixels[i] & 0xFF;
        }
        Golden.assertClose(expected, values, tolerance, goldenFile);
    }

    private static List<Long> boxed(long[] shape) {
        List<Long> out = new ArrayList<>();
        for (long d : shape) {
            out.add(d);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> visionItems() {
        return (List<Map<String, Object>>) MANIFEST.root().get("vision_items");
    }
}
