package dev.bindery.encoder.pointcloud.internal;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import dev.bindery.tensor.testing.Tolerance;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every stage of the Java Point-BERT against the golden intermediates of every point case: each stage is fed the
 * golden input of that stage, so a mismatch points at one stage; then the whole path from the model-ready cloud to
 * the prenorm and final embeddings.
 */
class PointBertEncoderGoldenTest {
    private static final String G = "imagebind_tiny/";

    @TestFactory
    Stream<DynamicTest> everyStageOfEveryCase() {
        Manifest m = Golden.manifest("imagebind_tiny");
        return PointFixtures.encoderCases().stream().map(c -> dynamicTest(c.intermediatePrefix(), () -> {
            PointBertEncoder enc = TinyPointBert.encoder();
            String p = c.intermediatePrefix();

            // The whole path as encode() runs it, checked at every intermediate.
            PointBertTrace t = TinyPointBert.trace(c);
            PointGroups groups = t.groups();
            Golden.assertEqual(Golden.npy(G + p + ".fps_center_indices.npy"), TinyPointBert.longs(groups.centreIndices()),
                    p + ".fps_center_indices");
            check(m, p + ".centers.npy", groups.centres());
            Golden.assertEqual(Golden.npy(G + p + ".knn_indices_sorted.npy"),
                    TinyPointBert.longs(groups.neighbourIndices()), p + ".knn_indices_sorted");
            check(m, p + ".encoder_out.npy", t.groupFeatures());
            check(m, p + ".blocks_in_x.npy", t.input().x());
            check(m, p + ".blocks_in_pos.npy", t.input().pos());
            check(m, p + ".norm_out.npy", t.normOut());
            check(m, p + ".feature.npy", t.feature());
            check(m, p + ".pc_embed.npy", t.pcEmbed());
            checkRow(m, "embeddings/point.prenorm.npy", c.row(), t.result().prenorm(), p + " whole path");
            checkRow(m, "embeddings/point.npy", c.row(), t.result().embedding(), p + " whole path");

            // Each later stage fed the golden output of the stage before, so a mismatch points at one stage.
            TensorData goldenFeatures = Golden.npy(G + p + ".encoder_out.npy");
            TransformerInput in = enc.tokens(groupsWithGoldenCentres(groups, p), goldenFeatures.toFloatArray());
            check(m, p + ".blocks_in_x.npy", in.x());
            check(m, p + ".blocks_in_pos.npy", in.pos());

            TensorData x = Golden.npy(G + p + ".blocks_in_x.npy");
            TensorData pos = Golden.npy(G + p + ".blocks_in_pos.npy");
            float[] normOut = enc.transform(new TransformerInput(x.toFloatArray(), pos.toFloatArray(),
                    (int) x.dim(0), (int) x.dim(1)));
            check(m, p + ".norm_out.npy", normOut);

            TensorData goldenNorm = Golden.npy(G + p + ".norm_out.npy");
            check(m, p + ".feature.npy", enc.pool(goldenNorm.toFloatArray(), (int) goldenNorm.dim(0)));
            check(m, p + ".pc_embed.npy", enc.project(Golden.npy(G + p + ".feature.npy").toFloatArray()));

            float[] prenorm = enc.head(Golden.npy(G + p + ".pc_embed.npy").toFloatArray());
            checkRow(m, "embeddings/point.prenorm.npy", c.row(), prenorm, p + " head");
            checkRow(m, "embeddings/point.npy", c.row(), enc.postprocess(prenorm), p + " postprocess");
        }));
    }

    /** The groups with the golden centre coordinates, so the positional MLP is checked on its own. */
    private static PointGroups groupsWithGoldenCentres(PointGroups g, String prefix) {
        float[] centres = Golden.npy(G + prefix + ".centers.npy").toFloatArray();
        return new PointGroups(g.numGroups(), g.groupSize(), g.centreIndices(), centres, g.neighbourIndices(),
                g.neighbourhoods());
    }

    static void check(Manifest m, String file, float[] actual) {
        TensorData expected = Golden.npy(G + file);
        Tolerance tol = m.tolerance(file);
        System.out.printf("point golden %-40s max|diff| %.3g%n", file, TinyPointBert.maxDiff(expected, actual));
        Golden.assertClose(expected, actual, tol, file);
    }

    static void checkRow(Manifest m, String file, int row, float[] actual, String what) {
        TensorData expected = TinyPointBert.row(Golden.npy(G + file), row);
        System.out.printf("point golden %-40s max|diff| %.3g (%s)%n", file + "[" + row + "]",
                TinyPointBert.maxDiff(expected, actual), what);
        Golden.assertClose(expected, actual, m.tolerance(file), file + " row " + row + " (" + what + ")");
        if (actual.length != expected.numel()) {
            throw new AssertionError(what + ": " + Arrays.toString(expected.shape()));
        }
    }
}
