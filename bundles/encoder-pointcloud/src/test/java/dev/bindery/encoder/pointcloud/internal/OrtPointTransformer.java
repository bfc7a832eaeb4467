package dev.bindery.encoder.pointcloud.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.bindery.api.BinderyException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/** The golden ONNX export of Point-BERT's transformer part (inputs x, pos; output out) as a {@link PointTransformer}. */
final class OrtPointTransformer implements PointTransformer, AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    OrtPointTransformer(Path model) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        session = env.createSession(model.toString(), options);
    }

    @Override
    public float[] apply(float[] x, float[] pos, int tokens, int dim) throws BinderyException {
        long[] shape = {1, tokens, dim};
        try (OnnxTensor tx = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
             OnnxTensor tp = OnnxTensor.createTensor(env, FloatBuffer.wrap(pos), shape);
             OrtSession.Result result = session.run(Map.of("x", tx, "pos", tp))) {
            FloatBuffer out = ((OnnxTensor) result.get("out").orElseThrow()).getFloatBuffer();
            float[] values = new float[out.remaining()];
            out.get(values);
            return values;
        } catch (OrtException e) {
            throw new BinderyException("ONNX Runtime failed on the point transformer: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
