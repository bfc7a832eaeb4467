package dev.bindery.encoder.pointcloud.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every golden point input read as upstream's loader returns it (values, count and precision). */
class PointCloudReaderGoldenTest {
    @TestFactory
    Stream<DynamicTest> readsEveryInputAsTheUpstreamLoader() {
        Manifest m = PointFixtures.preprocess();
        return PointFixtures.items().stream().map(item -> dynamicTest(item.input(), () -> {
            PointCloud cloud = PointCloudReader.read(m.path(item.input()));
            TensorData expected = Golden.npy("preprocess/" + item.loaded());
            assertArrayEquals(new long[] {cloud.size(), 3}, expected.shape(), "shape of " + item.loaded());
            assertEquals(item.nLoaded(), cloud.size());
            assertEquals(item.loadedDtype(), cloud.precision() == PointCloud.Precision.FLOAT32 ? "float32" : "float64",
                    "precision of " + item.input());
            Golden.assertClose(expected, cloud.toInterleaved(), m.tolerance(item.loaded()), item.loaded());
            double[][] rows = cloud.toRows();
            assertEquals(cloud.get(cloud.size() - 1, 2), rows[rows.length - 1][2]);
        }));
    }
}
