package dev.bindery.encoder.pointcloud.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.InvalidInputException;
import dev.bindery.api.ServiceUnavailableException;
import dev.bindery.api.encoder.ModalityEncoder;
import dev.bindery.api.modality.Embedding;
import dev.bindery.api.modality.Modality;
import dev.bindery.api.modality.ModalityInput;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import dev.bindery.tensor.testing.Tolerance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The point encoder service end to end: every point file of the tiny ImageBind manifest's point items, read,
 * made model-ready and encoded by the component's encoder, gives upstream's embedding row; the component registers
 * a service with its properties only for a usable configuration, and refuses inputs that are not point clouds.
 */
class PointEncoderTest {
    private static Manifest manifest;
    /** One encoder for the whole class: loading is cheap, but one encoding of the tiny model is ~0.3 s. */
    private static PointModalityEncoder encoder;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        manifest = Golden.manifest("imagebind_tiny");
        encoder = PointEncoderComponent.open(config(Map.of("threads", 2)));
        assertNotNull(encoder, "the tiny checkpoint with its config.json is a usable configuration");
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    private static PointEncoderConfig config(Map<String, Object> extra) {
        Map<String, Object> v = new HashMap<>(Map.of(
                "checkpoint", Golden.path("imagebind_tiny/imagebind_tiny.pth").toString(),
                "model_config", Golden.path("imagebind_tiny/config.json").toString()));
        v.putAll(extra);
        return RecordingFramework.config(PointEncoderConfig.class, v);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> pointItems() {
        List<Map<String, Object>> items = (List<Map<String, Object>>) ((Map<String, Object>) manifest.root()
                .get("items")).get("point");
        assertFalse(items.isEmpty(), "the manifest lists point items");
        return items;
    }

    @Test
    void everyGoldenPointFileEncodesAsUpstream() throws Exception {
        TensorData expected = Golden.npy("imagebind_tiny/embeddings/point.npy");
        Tolerance tol = manifest.tolerance("embeddings/point.npy");
        int dim = (int) expected.dim(1);
        assertEquals(dim, encoder.info().dimension());
        float[] all = expected.toFloatArray();
        for (Map<String, Object> item : pointItems()) {
            int row = ((Number) item.get("row")).intValue();
            String source = (String) item.get("source_file");
            Embedding e = encoder.encode(ModalityInput.ofFile(Modality.POINT, Golden.path(source)));
            assertEquals(Modality.POINT, e.modality());
            assertEquals("imagebind_tiny", e.modelId());
            float[] expectedRow = java.util.Arrays.copyOfRange(all, row * dim, (row + 1) * dim);
            Golden.assertClose(TensorData.ofFloats("point[" + row + "]", new long[] {dim}, expectedRow), e.vector(),
                    tol, "point " + source);
        }
    }

    @Test
    void uploadsGiveTheFilesPointsAndTensorsTheModelReadyCloud() throws Exception {
        PointInputs inputs = new PointInputs(PointCloudReader.DEFAULT_MAX_POINTS);
        Manifest preprocess = PointFixtures.preprocess();
        for (PointFixtures.Item item : PointFixtures.items()) {
            Path file = Golden.path("preprocess/" + item.input());
            double[] fromFile = inputs.read(ModalityInput.ofFile(Modality.POINT, file)).toInterleaved();
            byte[] bytes = Files.readAllBytes(file);
            String name = file.getFileName().toString();
            String ext = name.substring(name.lastIndexOf('.'));
            assertArrayEquals(fromFile, inputs.read(ModalityInput.ofBytes(Modality.POINT, bytes, ext)).toInterleaved(),
                    name + " uploaded with its extension");
            assertArrayEquals(fromFile, inputs.read(ModalityInput.ofBytes(Modality.POINT, bytes, null))
                    .toInterleaved(), name + " uploaded without a hint (format from the content)");
            // The loader's N x 3 array as a tensor input: the model-ready cloud upstream builds from it.
            TensorData loaded = Golden.npy("preprocess/" + item.loaded());
            float[] ready = inputs.prepare(ModalityInput.ofTensor(Modality.POINT, loaded.toFloatArray(),
                    loaded.dim(0), 3)).points();
            Golden.assertClose(Golden.npy("preprocess/" + item.modelReady()), ready,
                    preprocess.tolerance(item.modelReady()), name + " as an N x 3 tensor");
        }
    }

    @Test
    void anUploadWithoutHintEncodesAsUpstream() throws Exception {
        TensorData expected = Golden.npy("imagebind_tiny/embeddings/point.npy");
        List<Map<String, Object>> items = pointItems();
        Map<String, Object> item = items.get(items.size() - 1);
        int row = ((Number) item.get("row")).intValue();
        Path file = Golden.path((String) item.get("source_file"));
        float[] fromUpload = encoder.encode(ModalityInput.ofBytes(Modality.POINT, Files.readAllBytes(file), null))
                .vector();
        Golden.assertClose(TinyPointBert.row(expected, row), fromUpload, manifest.tolerance("embeddings/point.npy"),
                "point upload of " + file.getFileName());
    }

    @Test
    void everyThreadCountComputesTheSameEmbedding() throws Exception {
        Path file = Golden.path((String) pointItems().get(0).get("source_file"));
        PointModalityEncoder one = PointEncoderComponent.open(config(Map.of("threads", 1)));
        try {
            assertEquals(2, encoder.model().threads());
            assertEquals(1, one.model().threads());
            ModelReadyCloud cloud = PointCloudPreprocessor.modelReady(PointCloudReader.read(file));
            assertArrayEquals(one.model().encode(cloud).embedding(), encoder.model().encode(cloud).embedding(),
                    "1 thread vs 2 threads");
        } finally {
            one.close();
        }
    }

    @Test
    void inputsThatAreNotPointCloudsAreRefusedNamingThem() throws Exception {
        Path ply = Golden.path((String) pointItems().get(0).get("source_file"));
        InvalidInputException image = assertThrows(InvalidInputException.class,
                () -> encoder.encode(ModalityInput.ofFile(Modality.IMAGE, ply)));
        assertTrue(image.getMessage().contains("point encoder") && image.getMessage().contains("image input"),
                image.getMessage());
        InvalidInputException text = assertThrows(InvalidInputException.class,
                () -> encoder.encode(ModalityInput.ofText("a chair")));
        assertTrue(text.getMessage().contains("text"), text.getMessage());
        Path wav = Golden.path("preprocess/inputs/audio/speech_16k_mono.wav");
        InvalidInputException audioFile = assertThrows(InvalidInputException.class,
                () -> encoder.encode(ModalityInput.ofFile(Modality.POINT, wav)));
        assertTrue(audioFile.getMessage().contains("speech_16k_mono.wav"), audioFile.getMessage());
        InvalidInputException shape = assertThrows(InvalidInputException.class,
                () -> encoder.encode(ModalityInput.ofTensor(Modality.POINT, new float[8], 2, 4)));
        assertTrue(shape.getMessage().contains("N x 3") && shape.getMessage().contains("[2, 4]"), shape.getMessage());
        InvalidInputException hint = assertThrows(InvalidInputException.class, () -> encoder.encode(
                ModalityInput.ofBytes(Modality.POINT, Files.readAllBytes(ply), "image/png")));
        assertTrue(hint.getMessage().contains("image/png"), hint.getMessage());
        InvalidInputException nan = assertThrows(InvalidInputException.class, () -> encoder.encode(
                ModalityInput.ofTensor(Modality.POINT, new float[] {0, 0, 0, 1, Float.NaN, 0, 0, 1, 0}, 3, 3)));
        assertTrue(nan.getMessage().contains("point 1"), nan.getMessage());
        PointModalityEncoder small = PointEncoderComponent.open(config(Map.of("max_points", 100)));
        try {
            InvalidInputException limit = assertThrows(InvalidInputException.class,
                    () -> small.encode(ModalityInput.ofFile(Modality.POINT, ply)));
            assertTrue(limit.getMessage().contains("100"), limit.getMessage());
            InvalidInputException tensorLimit = assertThrows(InvalidInputException.class,
                    () -> small.encode(ModalityInput.ofTensor(Modality.POINT, new float[303], 101, 3)));
            assertTrue(tensorLimit.getMessage().contains("101 points"), tensorLimit.getMessage());
        } finally {
            small.close();
        }
    }

    @Test
    void componentRegistersTheServiceWithItsPropertiesAndTakesItDown() throws Exception {
        RecordingFramework fw = new RecordingFramework();
        PointEncoderComponent component = new PointEncoderComponent(fw.context(),
                config(Map.of("model_id", "imagebind_tiny_3d", "ranking", 7, "threads", 1)));
        assertTrue(component.registered());
        assertEquals(1, fw.services.size());
        assertEquals("point", fw.properties.get(0).get(ModalityEncoder.MODALITY));
        assertEquals("cpu", fw.properties.get(0).get(ModalityEncoder.DEVICE));
        assertEquals("imagebind_tiny_3d", fw.properties.get(0).get(ModalityEncoder.MODEL_ID));
        assertEquals((int) manifest.shape("embeddings/point.npy")[1],
                fw.properties.get(0).get(ModalityEncoder.DIMENSION));
        assertEquals(7, fw.properties.get(0).get("service.ranking"));
        ModalityEncoder service = (ModalityEncoder) fw.services.get(0);
        component.deactivate();
        assertEquals(1, fw.unregistered);
        Path ply = Golden.path((String) pointItems().get(0).get("source_file"));
        assertThrows(ServiceUnavailableException.class,
                () -> service.encode(ModalityInput.ofFile(Modality.POINT, ply)));
    }

    @Test
    void unusableConfigurationsRegisterNothing() throws Exception {
        RecordingFramework fw = new RecordingFramework();
        Path corrupt = tmp.resolve("corrupt.pth");
        byte[] real = Files.readAllBytes(Golden.path("imagebind_tiny/imagebind_tiny.pth"));
        Files.write(corrupt, java.util.Arrays.copyOf(real, 4096));
        Path wrongDepth = tmp.resolve("config.json");
        Files.writeString(wrongDepth, "{\"" + PointModelConfig.SECTION + "\": {\"num_heads\": 2, \"depth\": 3}}");
        List<Map<String, Object>> bad = List.of(
                Map.of("checkpoint", ""),
                Map.of("checkpoint", tmp.resolve("missing.pth").toString()),
                Map.of("checkpoint", corrupt.toString()),
                Map.of("checkpoint", Golden.path("imagebind_llm_tiny/adapter.pth").toString()),
                Map.of("model_config", wrongDepth.toString()),
                Map.of("model_config", tmp.resolve("no-config.json").toString()),
                Map.of("threads", -1),
                Map.of("max_points", 0));
        for (Map<String, Object> values : bad) {
            PointEncoderComponent component = new PointEncoderComponent(fw.context(), config(values));
            assertFalse(component.registered(), "no service for " + values);
            assertNull(PointEncoderComponent.open(config(values)), "no encoder for " + values);
            component.deactivate();
        }
        assertTrue(fw.services.isEmpty());
        assertEquals(0, fw.unregistered);
    }
}
