package dev.bindery.encoder.pointcloud.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.Json;
import dev.bindery.tensor.testing.Golden;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Map;

/** The golden tiny ImageBind's Point-BERT, loaded once per test JVM, and small array helpers for its tests. */
final class TinyPointBert {
    private static PointBertEncoder encoder;
    private static final Map<String, PointBertTrace> TRACES = new java.util.HashMap<>();

    private TinyPointBert() {
    }

    /** The {@code point_config_yaml_model_section} of {@code imagebind_tiny/config.json}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml() throws Exception {
        Map<String, Object> config = Json.parseObject(Files.readString(Golden.path("imagebind_tiny/config.json"),
                StandardCharsets.UTF_8));
        return (Map<String, Object>) config.get("point_config_yaml_model_section");
    }

    static int intOf(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).intValue();
    }

    static synchronized PointBertEncoder encoder() throws Exception {
        if (encoder == null) {
            Map<String, Object> y = yaml();
            PointBertConfig config = new PointBertConfig(intOf(y, "num_heads"), intOf(y, "num_group"),
                    intOf(y, "group_size"));
            encoder = PointBertEncoder.load(Golden.path("imagebind_tiny/imagebind_tiny.pth"), config);
            assertEquals(intOf(y, "trans_dim"), encoder.transDim(), "trans_dim read from the weights");
            assertEquals(intOf(y, "depth"), encoder.depth(), "depth read from the weights");
            assertEquals(intOf(y, "encoder_dims"), encoder.encoderDims(), "encoder_dims read from the weights");
        }
        return encoder;
    }

    /**
     * The Java encoder's trace of a golden case's model-ready cloud, computed once per test JVM (the mini-PointNet
     * is the costly stage, and the golden and ONNX tests both need its output).
     */
    static synchronized PointBertTrace trace(PointFixtures.EncoderCase c) throws Exception {
        PointBertTrace t = TRACES.get(c.intermediatePrefix());
        if (t == null) {
            float[] cloud = Golden.npy(c.modelReadyInput()).toFloatArray();
            t = encoder().trace(cloud, cloud.length / 3);
            TRACES.put(c.intermediatePrefix(), t);
        }
        return t;
    }

    /** Row {@code row} of a 2-D golden array. */
    static TensorData row(TensorData t, int row) {
        int cols = (int) t.dim(1);
        float[] all = t.toFloatArray();
        return TensorData.ofFloats(t.name() + "[" + row + "]", new long[] {cols},
                Arrays.copyOfRange(all, row * cols, (row + 1) * cols));
    }

    static long[] longs(int[] values) {
        return Arrays.stream(values).asLongStream().toArray();
    }

    /** The largest absolute difference, for the log line each golden test prints. */
    static double maxDiff(TensorData expected, float[] actual) {
        double[] e = expected.toDoubleArray();
        double max = 0;
        for (int i = 0; i < e.length; i++) {
            max = Math.max(max, Math.abs(e[i] - actual[i]));
        }
        return max;
    }
}
