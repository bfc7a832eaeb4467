package dev.bindery.encoder.pointcloud.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.InvalidInputException;
import dev.bindery.api.ModelMismatchException;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.testing.Golden;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checkpoints that do not fit and inputs the encoder cannot take. */
class PointBertEncoderErrorsTest {
    private static final String KEY = "point_trunk.point_encoder.reduce_dim.weight";

    private static Map<String, TensorData> tinyPointKeys() throws Exception {
        return new LinkedHashMap<>(PointBertLoader.pointKeys(Golden.path("imagebind_tiny/imagebind_tiny.pth")));
    }

    private static PointBertConfig tinyConfig() throws Exception {
        return TinyPointBert.encoder().config();
    }

    @Test
    void missingKeyIsNamed() throws Exception {
        Map<String, TensorData> sd = tinyPointKeys();
        sd.remove(KEY);
        ModelMismatchException e = assertThrows(ModelMismatchException.class,
                () -> PointBertEncoder.fromStateDict(sd, tinyConfig(), "tiny.pth"));
        assertTrue(e.getMessage().contains("tiny.pth") && e.getMessage().contains(KEY)
                && e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void misshapedKeyIsNamedWithBothShapes() throws Exception {
        Map<String, TensorData> sd = tinyPointKeys();
        sd.put(KEY, TensorData.ofFloats(KEY, new long[] {3, 5}, new float[15]));
        ModelMismatchException e = assertThrows(ModelMismatchException.class,
                () -> PointBertEncoder.fromStateDict(sd, tinyConfig(), "tiny.pth"));
        assertTrue(e.getMessage().contains(KEY) && e.getMessage().contains("[3, 5]"), e.getMessage());
    }

    @Test
    void headsMustDivideTheWidth() throws Exception {
        Map<String, TensorData> sd = tinyPointKeys();
        int width = TinyPointBert.encoder().transDim();
        ModelMismatchException e = assertThrows(ModelMismatchException.class,
                () -> PointBertEncoder.fromStateDict(sd, new PointBertConfig(width + 1, 512, 32), "tiny.pth"));
        assertTrue(e.getMessage().contains("heads"), e.getMessage());
    }

    @Test
    void inputsTheEncoderCannotTake() throws Exception {
        PointBertEncoder enc = TinyPointBert.encoder();
        assertThrows(InvalidInputException.class, () -> enc.encode(new float[3 * 31], 31));
        float[] nan = new float[3 * 64];
        nan[10] = Float.NaN;
        assertThrows(InvalidInputException.class, () -> enc.encode(nan, 64));
    }

    @Test
    void aSubstitutedTransformerReturningTheWrongSizeIsReported() throws Exception {
        PointBertEncoder broken = TinyPointBert.encoder().withTransformer((x, pos, tokens, dim) -> new float[dim]);
        float[] xyz = new float[3 * 64];
        double[] d = SyntheticClouds.points(64, 2);
        for (int i = 0; i < xyz.length; i++) {
            xyz[i] = (float) d[i];
        }
        dev.bindery.api.BinderyException e = assertThrows(dev.bindery.api.BinderyException.class,
                () -> broken.encode(xyz, 64));
        assertTrue(e.getMessage().contains("returned"), e.getMessage());
    }

    @Test
    void smallCloudsGiveAUnitEmbedding() throws Exception {
        PointBertEncoder enc = TinyPointBert.encoder();
        float[] xyz = new float[3 * 5];
        double[] d = SyntheticClouds.points(5, 1);
        for (int i = 0; i < xyz.length; i++) {
            xyz[i] = (float) d[i];
        }
        PointEmbedding e = enc.encode(PointCloudPreprocessor.modelReady(xyz, 5, "five"));
        double norm = 0;
        for (float v : e.embedding()) {
            assertTrue(Float.isFinite(v));
            norm += v * v;
        }
        assertEquals(1.0, Math.sqrt(norm), 1e-5);
        assertEquals(enc.outputDim(), e.embedding().length);
    }
}
