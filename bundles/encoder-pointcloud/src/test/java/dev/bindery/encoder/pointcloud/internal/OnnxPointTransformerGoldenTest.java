package dev.bindery.encoder.pointcloud.internal;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The transformer part run by ONNX Runtime on the golden export: it reproduces the golden {@code norm_out}, agrees
 * with the Java blocks, and, plugged into {@link PointBertEncoder}, gives the golden embeddings for every case.
 */
class OnnxPointTransformerGoldenTest {
    private static OrtPointTransformer ort;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void openSession() throws Exception {
        Manifest m = Golden.manifest("imagebind_tiny");
        String model = (String) ((Map<String, Object>) m.root().get("onnx")).get("point");
        ort = new OrtPointTransformer(m.path(model));
    }

    @AfterAll
    static void closeSession() throws Exception {
        ort.close();
    }

    @TestFactory
    Stream<DynamicTest> onnxTransformerMatchesGoldenAndJava() {
        Manifest m = Golden.manifest("imagebind_tiny");
        return PointFixtures.encoderCases().stream().map(c -> dynamicTest(c.intermediatePrefix(), () -> {
            String p = c.intermediatePrefix();
            TensorData x = Golden.npy("imagebind_tiny/" + p + ".blocks_in_x.npy");
            TensorData pos = Golden.npy("imagebind_tiny/" + p + ".blocks_in_pos.npy");
            int tokens = (int) x.dim(0);
            int dim = (int) x.dim(1);
            float[] onnx = ort.apply(x.toFloatArray(), pos.toFloatArray(), tokens, dim);
            PointBertEncoderGoldenTest.check(m, p + ".norm_out.npy", onnx);
            float[] java = TinyPointBert.encoder().transform(new TransformerInput(x.toFloatArray(), pos.toFloatArray(),
                    tokens, dim));
            Golden.assertClose(TensorData.ofFloats("onnx", new long[] {tokens, dim}, onnx), java,
                    m.tolerance(p + ".norm_out.npy"), p + ": Java blocks vs ONNX Runtime");

            // Java grouping, mini-PointNet and tokens (shared with the Java golden test), ORT transformer, Java tail.
            PointBertEncoder withOrt = TinyPointBert.encoder().withTransformer(ort);
            TransformerInput own = TinyPointBert.trace(c).input();
            float[] prenorm = withOrt.head(withOrt.project(withOrt.pool(withOrt.transform(own), own.tokens())));
            PointBertEncoderGoldenTest.checkRow(m, "embeddings/point.prenorm.npy", c.row(), prenorm, p + " with ORT");
            PointBertEncoderGoldenTest.checkRow(m, "embeddings/point.npy", c.row(), withOrt.postprocess(prenorm),
                    p + " with ORT");
        }));
    }
}
