package dev.bindery.encoder.audio.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.bindery.api.modality.Embedding;
import dev.bindery.api.modality.Modality;
import dev.bindery.api.modality.ModalityInput;
import dev.bindery.onnx.session.ClipMeanEncoder;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import dev.bindery.tensor.testing.Tolerance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audio encoder end to end against upstream: every audio item of the {@code imagebind_tiny} manifest, from its
 * WAV file (decoded and preprocessed here, 3 clips in one run, mean of the clip embeddings) and from its saved
 * preprocessed tensor (as a tensor, an .npy file and .npy bytes), gives the item's row of {@code audio.npy} within the
 * manifest tolerance, alone and in batches that split the list unevenly.
 */
class AudioEncoderTest {
    @TempDir
    static Path tmp;

    private static Manifest manifest;
    private static ClipMeanEncoder encoder;
    private static TensorData expected;
    private static Tolerance tolerance;
    private static List<Map<String, Object>> items;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void open() {
        manifest = Golden.manifest("imagebind_tiny");
        expected = Golden.npy("imagebind_tiny/embeddings/audio.npy");
        tolerance = manifest.tolerance("embeddings/audio.npy");
        items = (List<Map<String, Object>>) ((Map<String, Object>) manifest.root().get("items")).get("audio");
        assertFalse(items.isEmpty(), "the manifest lists no audio items");
        encoder = AudioEncoderComponent.open(config(manifest, tmp, Map.of("batch_size", 3)));
        assertNotNull(encoder, "the tiny checkpoint gives an audio encoder");
    }

    @AfterAll
    static void close() {
        if (encoder != null) {
            encoder.close();
        }
    }

    static AudioEncoderConfig config(Manifest manifest, Path dir, Map<String, Object> extra) {
        Map<String, Object> v = new HashMap<>(Map.of(
                "checkpoint", manifest.path("imagebind_tiny.pth").toString(),
                "onnx_dir", dir.resolve("onnx").toString(),
                "model_config", manifest.path("config.json").toString(),
                "intra_op_threads", 1));
        v.putAll(extra);
        return RecordingContext.config(AudioEncoderConfig.class, v);
    }

    @Test
    void everyGoldenWavFileEncodesAsUpstream() throws Exception {
        assertEquals(expected.dim(1), encoder.info().dimension());
        assertEquals(Modality.AUDIO, encoder.info().modality());
        List<ModalityInput> inputs = new ArrayList<>();
        for (Map<String, Object> item : items) {
            inputs.add(ModalityInput.ofFile(Modality.AUDIO, Golden.path((String) item.get("source_file"))));
        }
        List<Embedding> batched = encoder.encodeAll(inputs); // batches of 3: 3 + 3 + 1 files
        assertEquals(items.size(), batched.size());
        double worst = 0;
        for (int i = 0; i < items.size(); i++) {
            String source = (String) items.get(i).get("source_file");
            float[] single = encoder.encode(inputs.get(i)).vector();
            assertRow(i, single, source + " alone");
            assertArrayEquals(single, batched.get(i).vector(), 1e-6f, source + ": batched = alone");
            worst = Math.max(worst, maxDiff(i, single));
            System.out.printf("  %-45s max |diff| %.2e, %.0f%% of the tolerance%n", source, maxDiff(i, single),
                    100 * toleranceUsed(i, single));
        }
        System.out.printf("parity audio.npy from the WAV files (end to end)     max |diff| %.2e%n", worst);
    }

    @Test
    void wavUploadsEncodeExactlyAsTheirFiles() throws Exception {
        for (Map<String, Object> item : items) {
            Path wav = Golden.path((String) item.get("source_file"));
            float[] fromFile = encoder.encode(ModalityInput.ofFile(Modality.AUDIO, wav)).vector();
            float[] fromBytes = encoder.encode(ModalityInput.ofBytes(Modality.AUDIO, Files.readAllBytes(wav),
                    "audio/wav")).vector();
            assertArrayEquals(fromFile, fromBytes, 0f, wav + ": bytes = file");
        }
    }

    @Test
    void savedPreprocessedTensorsEncodeAsUpstreamInEveryForm() throws Exception {
        double worst = 0;
        for (int i = 0; i < items.size(); i++) {
            String input = (String) items.get(i).get("input");
            Path npy = Golden.path(input);
            TensorData t = Golden.npy(input);
            assertArrayEquals(new long[] {AudioPreprocessor.CLIPS, 1, AudioPreprocessor.MEL_BINS,
                    AudioPreprocessor.TARGET_FRAMES}, t.shape(), input + ": shape");
            float[] fromTensor = encoder.encode(ModalityInput.ofTensor(Modality.AUDIO, t.toFloatArray(), t.shape()))
                    .vector();
            assertRow(i, fromTensor, input + " as a tensor");
            worst = Math.max(worst, maxDiff(i, fromTensor));
            long[] batchOfOne = {1, 3, 1, AudioPreprocessor.MEL_BINS, AudioPreprocessor.TARGET_FRAMES};
            float[] fromBatchOfOne = encoder.encode(ModalityInput.ofTensor(Modality.AUDIO, t.toFloatArray(),
                    batchOfOne)).vector();
            assertArrayEquals(fromTensor, fromBatchOfOne, 0f, input + ": leading 1 accepted");
            float[] fromNpyFile = encoder.encode(ModalityInput.ofFile(Modality.AUDIO, npy)).vector();
            assertArrayEquals(fromTensor, fromNpyFile, 0f, input + ": .npy file = tensor");
            float[] fromNpyBytes = encoder.encode(ModalityInput.ofBytes(Modality.AUDIO, Files.readAllBytes(npy),
                    null)).vector();
            assertArrayEquals(fromTensor, fromNpyBytes, 0f, input + ": .npy bytes = tensor");
        }
        System.out.printf("parity audio.npy from the saved preprocessed tensors  max |diff| %.2e%n", worst);
    }

    private static void assertRow(int item, float[] actual, String what) {
        int row = ((Number) items.get(item).get("row")).intValue();
        int dim = (int) expected.dim(1);
        float[] all = expected.toFloatArray();
        float[] want = new float[dim];
        System.arraycopy(all, row * dim, want, 0, dim);
        Golden.assertClose(TensorData.ofFloats("audio.npy row " + row, new long[] {dim}, want), actual, tolerance,
                what);
    }

    /** The largest |diff| / (atol + rtol |expected|) over the row: below 1 passes. */
    private static double toleranceUsed(int item, float[] actual) {
        int row = ((Number) items.get(item).get("row")).intValue();
        int dim = (int) expected.dim(1);
        float[] all = expected.toFloatArray();
        double used = 0;
        for (int d = 0; d < dim; d++) {
            double want = all[row * dim + d];
            used = Math.max(used, Math.abs(actual[d] - want) / (tolerance.atol() + tolerance.rtol() * Math.abs(want)));
        }
        return used;
    }

    private static double maxDiff(int item, float[] actual) {
        int row = ((Number) items.get(item).get("row")).intValue();
        int dim = (int) expected.dim(1);
        float[] all = expected.toFloatArray();
        double worst = 0;
        for (int d = 0; d < dim; d++) {
            worst = Math.max(worst, Math.abs(actual[d] - all[row * dim + d]));
        }
        return worst;
    }
}
