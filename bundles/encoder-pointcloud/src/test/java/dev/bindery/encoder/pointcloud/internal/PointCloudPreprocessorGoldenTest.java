package dev.bindery.encoder.pointcloud.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The model-ready cloud of every golden case: FPS indices exact, the normalised cloud within the manifest tolerance;
 * once from the golden loader output (preprocessing alone) and once from the input file (reader + preprocessing).
 */
class PointCloudPreprocessorGoldenTest {
    @TestFactory
    Stream<DynamicTest> modelReadyFromTheGoldenLoaderOutput() {
        Manifest m = PointFixtures.preprocess();
        return PointFixtures.items().stream().map(item -> dynamicTest(item.name(), () -> {
            float[] loaded = Golden.npy("preprocess/" + item.loaded()).toFloatArray();
            int n = loaded.length / 3;
            check(m, item, PointCloudPreprocessor.modelReady(loaded, n, item.loaded()), n);
        }));
    }

    @TestFactory
    Stream<DynamicTest> modelReadyFromTheInputFile() {
        Manifest m = PointFixtures.preprocess();
        return PointFixtures.items().stream().map(item -> dynamicTest(item.input(), () -> {
            PointCloud cloud = PointCloudReader.read(m.path(item.input()));
            check(m, item, PointCloudPreprocessor.modelReady(cloud), cloud.size());
        }));
    }

    private static void check(Manifest m, PointFixtures.Item item, ModelReadyCloud ready, int n) {
        assertEquals(item.fpsApplied(), n > PointCloudPreprocessor.POINTS, "fps_applied of " + item.name());
        if (item.fpsApplied()) {
            String fps = item.fpsIndices();
            assertTrue(m.files().contains(fps), "manifest lists " + fps);
            Golden.assertEqual(Golden.npy("preprocess/" + fps), Arrays.stream(ready.indices()).asLongStream().toArray(),
                    fps);
        } else {
            assertEquals(n, ready.size(), "a cloud of at most 8192 points passes through");
        }
        Golden.assertClose(Golden.npy("preprocess/" + item.modelReady()), ready.points(),
                m.tolerance(item.modelReady()), item.modelReady());
    }
}
