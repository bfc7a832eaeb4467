package dev.bindery.onnx.imagebind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The graphs built from {@code imagebind_tiny.pth} reproduce upstream: for every item group of the manifest
 * (vision, text, text_head_ids, audio, depth, thermal, imu; point has no trunk here) the saved preprocessed inputs
 * run as one batch and give the golden postprocessed embeddings and head outputs, and the trunk's input tokens and
 * output match the saved intermediates, all within the manifest tolerances.
 */
class ImageBindParityTest {
    private static Manifest manifest;
    private static ImageBindTrunks trunks;
    private static OrtEnvironment env;

    @BeforeAll
    static void open() throws Exception {
        manifest = Golden.manifest("imagebind_tiny");
        ImageBindConfig config = ImageBindConfig.fromJson(manifest.path("config.json"));
        trunks = ImageBindTrunks.open(manifest.path("imagebind_tiny.pth"), config);
        env = OrtEnvironment.getEnvironment();
    }

    @AfterAll
    static void close() throws Exception {
        trunks.close();
    }

    @TestFactory
    Stream<DynamicTest> everyItemGroupMatchesUpstream() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String group : GoldenItems.groups(manifest)) {
            if (group.equals("point")) {
                continue; // Point-BERT is not a transformer trunk of this kind
            }
            tests.add(DynamicTest.dynamicTest(group, () -> checkGroup(group)));
        }
        assertTrue(tests.size() >= 7, "manifest lists the trunk modalities");
        return tests.stream();
    }

    private void checkGroup(String group) throws Exception {
        TrunkModality modality = group.equals("text_head_ids") ? TrunkModality.TEXT : TrunkModality.of(group);
        TrunkSpec spec = trunks.spec(modality);
        List<GoldenItems.Item> items = GoldenItems.items(manifest, group);
        // audio items are 3 clips each; every other item is one row
        int clips = modality == TrunkModality.AUDIO ? 3 : 1;
        int rows = items.size() * clips;
        byte[] model = trunks.graph(modality, true).toByteArray();
        Map<String, float[]> out;
        try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions())) {
            out = run(session, modality, spec, items, rows);
        }
        int dim = spec.outputDim();
        float[] embedding = out.get("embedding");
        float[] prenorm = out.get("prenorm");
        if (modality == TrunkModality.AUDIO) {
            compare("embeddings/audio.per_clip_post.npy", embedding);
            compare("embeddings/audio.per_clip_head.npy", prenorm);
            embedding = meanOverClips(embedding, items.size(), clips, dim);
            prenorm = meanOverClips(prenorm, items.size(), clips, dim);
        }
        compare("embeddings/" + group + ".npy", reorder(embedding, items, dim));
        compare("embeddings/" + group + ".prenorm.npy", reorder(prenorm, items, dim));
        if (!group.equals("text_head_ids")) {
            compareIntermediates(modality, spec, out, rows);
        }
    }

    /**
     * Zero-shot classification as upstream's README computes it: {@code softmax(E_vision . E_text^T)} over the texts,
     * on the postprocessed embeddings (so the text logit scale is included), from our graphs vs from the golden rows.
     */
    @org.junit.jupiter.api.Test
    void zeroShotImageTextMatrixMatchesUpstream() throws Exception {
        float[] vision = embeddings("vision");
        float[] text = embeddings("text");
        int dim = trunks.spec(TrunkModality.VISION).outputDim();
        double[] expected = zeroShot(Golden.npy("imagebind_tiny/embeddings/vision.npy").toFloatArray(),
                Golden.npy("imagebind_tiny/embeddings/text.npy").toFloatArray(), dim);
        double[] actual = zeroShot(vision, text, dim);
        dev.bindery.tensor.testing.Tolerance tol = manifest.tolerance("embeddings/text.npy");
        Golden.assertClose(expected, null, actual, tol, "image x text softmax matrix");
    }

    private float[] embeddings(String group) throws Exception {
        TrunkModality modality = TrunkModality.of(group);
        TrunkSpec spec = trunks.spec(modality);
        List<GoldenItems.Item> items = GoldenItems.items(manifest, group);
        try (OrtSession session = env.createSession(trunks.graph(modality).toByteArray(),
                new OrtSession.SessionOptions())) {
            return reorder(run(session, modality, spec, items, items.size()).get("embedding"), items,
                    spec.outputDim());
        }
    }

    private static double[] zeroShot(float[] images, float[] texts, int dim) {
        int ni = images.length / dim;
        int nt = texts.length / dim;
        double[] out = new double[ni * nt];
        for (int i = 0; i < ni; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int t = 0; t < nt; t++) {
                double dot = 0;
                for (int d = 0; d < dim; d++) {
                    dot += (double) images[i * dim + d] * texts[t * dim + d];
                }
                out[i * nt + t] = dot;
                max = Math.max(max, dot);
            }
            double sum = 0;
            for (int t = 0; t < nt; t++) {
                out[i * nt + t] = Math.exp(out[i * nt + t] - max);
                sum += out[i * nt + t];
            }
            for (int t = 0; t < nt; t++) {
                out[i * nt + t] /= sum;
            }
        }
        return out;
    }

    private Map<String, float[]> run(OrtSession session, TrunkModality modality, TrunkSpec spec,
            List<GoldenItems.Item> items, int rows) throws OrtException {
        long[] shape = new long[spec.inputShape().length + 1];
        shape[0] = rows;
        System.arraycopy(spec.inputShape(), 0, shape, 1, spec.inputShape().length);
        int per = spec.inputSize();
        OnnxTensor input;
        if (modality == TrunkModality.TEXT) {
            long[] ids = new long[rows * per];
            for (int i = 0; i < items.size(); i++) {
                long[] one = items.get(i).longs();
                assertEquals(per, one.length, items.get(i).input());
                System.arraycopy(one, 0, ids, i * per, per);
            }
            input = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
        } else {
            float[] data = new float[rows * per];
            int offset = 0;
            for (GoldenItems.Item item : items) {
                float[] one = item.floats();
                if (modality == TrunkModality.VISION) {
                    // the saved images are (3, H, W); the graph takes the 2-frame clip PadIm2Video makes of them
                    one = PadIm2Video.repeat(one, (int) spec.inputShape()[0], (int) spec.inputShape()[1]);
                }
                assertEquals(0, one.length % per, item.input() + " holds whole items");
                System.arraycopy(one, 0, data, offset, one.length);
                offset += one.length;
            }
            assertEquals(data.length, offset, "inputs fill the batch");
            input = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
        }
        try (input; OrtSession.Result result = session.run(Map.of(modality.inputName(), input))) {
            Map<String, float[]> out = new java.util.HashMap<>();
            for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : result) {
                FloatBuffer b = ((OnnxTensor) e.getValue()).getFloatBuffer();
                float[] f = new float[b.remaining()];
                b.get(f);
                out.put(e.getKey(), f);
            }
            return out;
        }
    }

    /** Puts batch rows (in item order) into the rows the items name. */
    private static float[] reorder(float[] batch, List<GoldenItems.Item> items, int dim) {
        float[] out = new float[batch.length];
        for (int i = 0; i < items.size(); i++) {
            System.arraycopy(batch, i * dim, out, items.get(i).row() * dim, dim);
        }
        return out;
    }

    private static float[] meanOverClips(float[] perClip, int items, int clips, int dim) {
        float[] out = new float[items * dim];
        for (int i = 0; i < items; i++) {
            for (int d = 0; d < dim; d++) {
                float s = 0;
                for (int c = 0; c < clips; c++) {
                    s += perClip[(i * clips + c) * dim + d];
                }
                out[i * dim + d] = s / clips;
            }
        }
        return out;
    }

    /** Every intermediates/<modality>/NN_*.tokens.npy and .trunk_out.npy against the batch rows of item NN. */
    private void compareIntermediates(TrunkModality modality, TrunkSpec spec, Map<String, float[]> out, int rows)
            throws Exception {
        String dir = "imagebind_tiny/intermediates/" + modality.key();
        assertTrue(Files.isDirectory(Golden.path(dir)), dir);
        int perRow = spec.tokens() * spec.width();
        int checked = 0;
        for (Path file : Golden.list(dir, ".tokens.npy")) {
            String name = file.getFileName().toString();
            int item = Integer.parseInt(name.substring(0, name.indexOf('_')));
            for (String kind : new String[] {"tokens", "trunk_out"}) {
                String rel = "intermediates/" + modality.key() + "/" + name.replace(".tokens.npy", "." + kind + ".npy");
                TensorData expected = Golden.npy("imagebind_tiny/" + rel);
                int count = (int) expected.numel();
                int first = item * count / perRow;
                assertTrue((first + count / perRow) <= rows, rel + " row within the batch");
                float[] actual = new float[count];
                System.arraycopy(out.get(kind), first * perRow, actual, 0, count);
                Golden.assertClose(expected, actual, manifest.tolerance(rel), rel);
                checked++;
            }
        }
        assertFalse(checked == 0, "intermediates checked for " + modality);
    }

    private static void compare(String rel, float[] actual) {
        TensorData expected = Golden.npy("imagebind_tiny/" + rel);
        Golden.assertClose(expected, actual, manifest.tolerance(rel), rel);
        double worst = 0;
        double[] e = expected.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            worst = Math.max(worst, Math.abs(e[i] - actual[i]));
        }
        System.out.printf("parity %-40s max |diff| %.3g%n", rel, worst);
    }
}
