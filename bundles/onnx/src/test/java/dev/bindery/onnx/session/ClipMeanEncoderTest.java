package dev.bindery.onnx.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.InvalidInputException;
import dev.bindery.api.ServiceUnavailableException;
import dev.bindery.api.modality.Embedding;
import dev.bindery.api.modality.Modality;
import dev.bindery.api.modality.ModalityInput;
import dev.bindery.onnx.imagebind.TrunkModality;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clip averaging on the audio graph: each saved preprocessed audio item of the manifest (3 clips) gives upstream's
 * mean embedding in every batch size, including batches that do not divide the item count; inputs whose size is not
 * a whole number of clips, of another modality or after close are refused; a token-id graph is not accepted.
 */
class ClipMeanEncoderTest {
    @TempDir
    static Path tmp;

    private static Manifest manifest;
    private static TrunkModelFiles files;

    @BeforeAll
    static void setUp() {
        manifest = Golden.manifest("imagebind_tiny");
        files = new TrunkModelFiles(manifest.path("imagebind_tiny.pth"), tmp.resolve("models"),
                manifest.path("config.json"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void savedAudioTensorsGiveUpstreamsMeanOverClipsInAnyBatchSize() throws Exception {
        TensorData expected = Golden.npy("imagebind_tiny/embeddings/audio.npy");
        int dim = (int) expected.dim(1);
        List<Map<String, Object>> items = (List<Map<String, Object>>) ((Map<String, Object>) manifest.root()
                .get("items")).get("audio");
        assertFalse(items.isEmpty());
        List<ModalityInput> inputs = new ArrayList<>();
        for (Map<String, Object> item : items) {
            TensorData t = Golden.npy((String) item.get("input"));
            inputs.add(ModalityInput.ofTensor(Modality.AUDIO, t.toFloatArray(), t.shape()));
        }
        for (int batch : new int[] {1, 2, items.size()}) {
            try (ClipMeanEncoder encoder = encoder(batch)) {
                assertArrayEquals(new long[] {3, 1, 128, 204}, encoder.inputShape());
                assertEquals(dim, encoder.info().dimension());
                List<Embedding> out = encoder.encodeAll(inputs);
                float[] flat = new float[(int) expected.numel()];
                for (int i = 0; i < items.size(); i++) {
                    int row = ((Number) items.get(i).get("row")).intValue();
                    System.arraycopy(out.get(i).vector(), 0, flat, row * dim, dim);
                }
                Golden.assertClose(expected, flat, manifest.tolerance("embeddings/audio.npy"),
                        "audio mean embeddings, batch " + batch);
            }
        }
    }

    @Test
    void inputsThatAreNotWholeClipSetsAreRefused() throws Exception {
        try (ClipMeanEncoder encoder = encoder(4)) {
            float[] twoClips = new float[2 * 128 * 204];
            // a preparer that passes any tensor through shows the encoder's own size check
            ClipMeanEncoder lax = new ClipMeanEncoder(Modality.AUDIO, "tiny", encoder.session(), 3, 4,
                    (input, shape) -> EncoderInput.ofFloats(input.tensor().orElseThrow(), input.describe()));
            InvalidInputException size = assertThrows(InvalidInputException.class,
                    () -> lax.encode(ModalityInput.ofTensor(Modality.AUDIO, twoClips, 2, 1, 128, 204)));
            assertTrue(size.getMessage().contains("[3, 1, 128, 204]"), size.getMessage());
            assertTrue(size.getMessage().contains("[2, 1, 128, 204]"), size.getMessage());

            InvalidInputException shape = assertThrows(InvalidInputException.class,
                    () -> encoder.encode(ModalityInput.ofTensor(Modality.AUDIO, twoClips, 2, 1, 128, 204)));
            assertTrue(shape.getMessage().contains("[3, 1, 128, 204]"), shape.getMessage());

            InvalidInputException modality = assertThrows(InvalidInputException.class,
                    () -> encoder.encode(ModalityInput.ofText("a dog barking")));
            assertTrue(modality.getMessage().contains("audio encoder"), modality.getMessage());

            encoder.close();
            float[] three = new float[3 * 128 * 204];
            assertThrows(ServiceUnavailableException.class,
                    () -> encoder.encode(ModalityInput.ofTensor(Modality.AUDIO, three, 3, 1, 128, 204)));
        }
    }

    @Test
    void tokenIdGraphsAndNonPositiveCountsAreNotAccepted() throws Exception {
        try (EncoderSession text = EncoderSession.open(files.ensure(TrunkModality.TEXT), SessionSettings.of("cpu",
                1))) {
            IllegalArgumentException ids = assertThrows(IllegalArgumentException.class,
                    () -> new ClipMeanEncoder(Modality.TEXT, "tiny", text, 3, 1, (i, s) -> null));
            assertTrue(ids.getMessage().contains("token ids"), ids.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> new ClipMeanEncoder(Modality.TEXT, "tiny", text, 0, 1, (i, s) -> null));
            assertThrows(IllegalArgumentException.class,
                    () -> new ClipMeanEncoder(Modality.TEXT, "tiny", text, 3, 0, (i, s) -> null));
        }
    }

    private static ClipMeanEncoder encoder(int batch) throws Exception {
        EncoderSettings settings = new EncoderSettings(files, "imagebind_tiny", SessionSettings.of("cpu", 1), batch);
        return ClipMeanEncoder.open(settings, TrunkModality.AUDIO, Modality.AUDIO, 3,
                (input, shape) -> EncoderInput.ofFloats(TensorInputs.floats(input, shape), input.describe()));
    }
}
