package dev.bindery.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.Json;
import dev.bindery.tensor.io.Npy;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

/**
 * ONNX Runtime works inside the container: the wrapper bundle loads its natives and runs a real graph — the golden
 * ONNX export of the tiny ImageBind depth trunk — reproducing the upstream trunk output.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class OnnxRuntimeIT extends BinderyTestSupport {

    @Test
    public void runsTheGoldenDepthTrunkInsideTheContainer() throws Exception {
        Path golden = Paths.get(System.getProperty("bindery.golden.dir"), "imagebind_tiny");
        Path model = golden.resolve("onnx/depth.onnx");
        assertTrue("missing " + model, Files.isRegularFile(model));
        TensorData tokens = Npy.read(golden.resolve("intermediates/depth/00_depth.tokens.npy"));
        String outputFile = "intermediates/depth/00_depth.trunk_out.npy";
        TensorData expected = Npy.read(golden.resolve(outputFile));
        Map<String, Object> tolerance = tolerance(golden.resolve("manifest.json"), outputFile);
        double atol = ((Number) tolerance.get("atol")).doubleValue();
        double rtol = ((Number) tolerance.get("rtol")).doubleValue();

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(model.toString(), options)) {
                long[] shape = new long[] {1, tokens.shape()[0], tokens.shape()[1]};
                try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(tokens.toFloatArray()), shape);
                     OrtSession.Result result = session.run(Map.of("tokens", input))) {
                    OnnxTensor out = (OnnxTensor) result.get(0);
                    assertArrayEquals(shape, out.getInfo().getShape());
                    float[] actual = new float[(int) expected.numel()];
                    out.getFloatBuffer().get(actual);
                    float[] want = expected.toFloatArray();
                    assertEquals(want.length, actual.length);
                    double worst = 0;
                    for (int i = 0; i < want.length; i++) {
                        double diff = Math.abs(actual[i] - want[i]);
                        assertTrue("element " + i + ": " + actual[i] + " vs " + want[i],
                                diff <= atol + rtol * Math.abs(want[i]));
                        worst = Math.max(worst, diff);
                    }
                    System.out.println("depth trunk in the container: max abs diff " + worst);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tolerance(Path manifest, String file) throws Exception {
        Map<String, Object> files = (Map<String, Object>) Json.parseObject(Files.readString(manifest)).get("files");
        return (Map<String, Object>) ((Map<String, Object>) files.get(file)).get("tolerance");
    }
}
