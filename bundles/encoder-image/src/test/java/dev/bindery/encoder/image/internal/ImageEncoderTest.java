package dev.bindery.encoder.image.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.InvalidInputException;
import dev.bindery.api.encoder.ModalityEncoder;
import dev.bindery.api.modality.Embedding;
import dev.bindery.api.modality.Modality;
import dev.bindery.api.modality.ModalityInput;
import dev.bindery.onnx.session.TrunkEncoder;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import dev.bindery.tensor.testing.Tolerance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image encoder end to end: every image file of the manifest's vision items, decoded and preprocessed here and
 * run through the graph built from the tiny checkpoint, gives upstream's embedding row. The component registers the
 * service with its properties only for a usable configuration.
 */
class ImageEncoderTest {
    @TempDir
    Path tmp;

    private Manifest manifest;

    @BeforeEach
    void setUp() {
        manifest = Golden.manifest("imagebind_tiny");
    }

    private ImageEncoderConfig config(Map<String, Object> extra) {
        Map<String, Object> v = new java.util.HashMap<>(Map.of(
                "checkpoint", manifest.path("imagebind_tiny.pth").toString(),
                "onnx_dir", tmp.resolve("onnx").toString(),
                "model_config", manifest.path("config.json").toString(),
                "intra_op_threads", 1));
        v.putAll(extra);
        return FakeFramework.config(ImageEncoderConfig.class, v);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyGoldenImageFileEncodesAsUpstream() throws Exception {
        TensorData expected = Golden.npy("imagebind_tiny/embeddings/vision.npy");
        Tolerance tol = manifest.tolerance("embeddings/vision.npy");
        int dim = (int) expected.dim(1);
        List<Map<String, Object>> items = (List<Map<String, Object>>) ((Map<String, Object>) manifest.root()
                .get("items")).get("vision");
        assertFalse(items.isEmpty());
        List<ModalityInput> inputs = new ArrayList<>();
        for (Map<String, Object> item : items) {
            inputs.add(ModalityInput.ofFile(Modality.IMAGE, Golden.path((String) item.get("source_file"))));
        }
        try (TrunkEncoder encoder = ImageEncoderComponent.open(config(Map.of("batch_size", 3)))) {
            assertNotNull(encoder);
            assertEquals(dim, encoder.info().dimension());
            List<Embedding> batched = encoder.encodeAll(inputs);
            float[] all = new float[(int) expected.numel()];
            for (int i = 0; i < items.size(); i++) {
                int row = ((Number) items.get(i).get("row")).intValue();
                System.arraycopy(batched.get(i).vector(), 0, all, row * dim, dim);
                float[] single = encoder.encode(inputs.get(i)).vector();
                float[] expectedRow = new float[dim];
                System.arraycopy(expected.toFloatArray(), row * dim, expectedRow, 0, dim);
                Golden.assertClose(TensorData.ofFloats("row", new long[] {dim}, expectedRow), single, tol,
                        "vision " + items.get(i).get("source_file") + " alone");
            }
            Golden.assertClose(expected, all, tol, "vision embeddings, batches of 3");

            // an upload of the same bytes, and the saved preprocessed tensor as .npy, give the same vector
            Path jpg = Golden.path((String) items.get(0).get("source_file"));
            float[] fromBytes = encoder.encode(ModalityInput.ofBytes(Modality.IMAGE, Files.readAllBytes(jpg), null))
                    .vector();
            float[] fromNpy = encoder.encode(ModalityInput.ofFile(Modality.IMAGE,
                    Golden.path((String) items.get(0).get("input")))).vector();
            float[] fromFile = batched.get(0).vector();
            for (int d = 0; d < dim; d++) {
                assertEquals(fromFile[d], fromBytes[d], 0f, "bytes = file at " + d);
                assertTrue(tol.accepts(fromNpy[d], fromFile[d]), "npy ~ file at " + d);
            }
        }
    }

    @Test
    void inputsThatAreNotImagesAreRefusedNamingThem() throws Exception {
        try (TrunkEncoder encoder = ImageEncoderComponent.open(config(Map.of()))) {
            InvalidInputException text = assertThrows(InvalidInputException.class,
                    () -> encoder.encode(ModalityInput.ofText("a dog")));
            assertTrue(text.getMessage().contains("image encoder"), text.getMessage());
            Path wav = Golden.path("preprocess/inputs/audio/speech_16k_mono.wav");
            InvalidInputException audio = assertThrows(InvalidInputException.class,
                    () -> encoder.encode(ModalityInput.ofFile(Modality.IMAGE, wav)));
            assertTrue(audio.getMessage().contains("speech_16k_mono.wav"), audio.getMessage());
            Path truncated = tmp.resolve("cut.png");
            byte[] png = Files.readAllBytes(Golden.path("preprocess/inputs/vision/chelsea.png"));
            Files.write(truncated, java.util.Arrays.copyOf(png, png.length / 3));
            InvalidInputException cut = assertThrows(InvalidInputException.class,
                    () -> encoder.encode(ModalityInput.ofFile(Modality.IMAGE, truncated)));
            assertTrue(cut.getMessage().contains("cut.png"), cut.getMessage());
            InvalidInputException shape = assertThrows(InvalidInputException.class,
                    () -> encoder.encode(ModalityInput.ofTensor(Modality.IMAGE, new float[3 * 4], 3, 2, 2)));
            assertTrue(shape.getMessage().contains("[3, 224, 224]"), shape.getMessage());
        }
    }

    @Test
    void componentRegistersTheServiceWithItsPropertiesAndTakesItDown() {
        FakeFramework fw = new FakeFramework();
        ImageEncoderComponent component = new ImageEncoderComponent(fw.context(),
                config(Map.of("model_id", "tiny", "ranking", 5, "device", "cuda")));
        assertTrue(component.registered());
        assertEquals(2, fw.services.size(), "image and video");
        assertEquals("image", fw.properties.get(0).get(ModalityEncoder.MODALITY));
        assertEquals("cpu", fw.properties.get(0).get(ModalityEncoder.DEVICE), "CUDA fell back to CPU");
        assertEquals("tiny", fw.properties.get(0).get(ModalityEncoder.MODEL_ID));
        assertEquals((int) manifest.shape("embeddings/vision.npy")[1],
                fw.properties.get(0).get(ModalityEncoder.DIMENSION));
        assertEquals(5, fw.properties.get(0).get("service.ranking"));
        assertTrue(Files.isRegularFile(tmp.resolve("onnx/vision.onnx")), "graph stored for later starts");
        component.deactivate();
        assertEquals(2, fw.unregistered);
    }

    @Test
    void unusableConfigurationsRegisterNothing() {
        FakeFramework fw = new FakeFramework();
        ImageEncoderComponent noCheckpoint = new ImageEncoderComponent(fw.context(),
                FakeFramework.config(ImageEncoderConfig.class, Map.of("onnx_dir", tmp.resolve("empty").toString())));
        assertFalse(noCheckpoint.registered());
        ImageEncoderComponent badDevice = new ImageEncoderComponent(fw.context(), config(Map.of("device", "tpu")));
        assertFalse(badDevice.registered());
        ImageEncoderComponent notImageBind = new ImageEncoderComponent(fw.context(), config(Map.of("checkpoint",
                Golden.path("imagebind_llm_tiny/adapter.pth").toString())));
        assertFalse(notImageBind.registered());
        assertNull(ImageEncoderComponent.open(FakeFramework.config(ImageEncoderConfig.class, Map.of())));
        assertTrue(fw.services.isEmpty());
        noCheckpoint.deactivate();
    }
}
