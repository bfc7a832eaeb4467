package dev.bindery.encoder.image.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Depth, thermal and IMU encoders: the golden random inputs give upstream's embeddings; services carry the modality. */
class SensorEncoderTest {
    @TempDir
    Path tmp;

    private final Manifest manifest = Golden.manifest("imagebind_tiny");

    private SensorEncoderConfig config(String modality) {
        Map<String, Object> v = new HashMap<>(Map.of(
                "modality", modality,
                "checkpoint", manifest.path("imagebind_tiny.pth").toString(),
                "onnx_dir", tmp.resolve("onnx").toString(),
                "model_config", manifest.path("config.json").toString(),
                "intra_op_threads", 1));
        return FakeFramework.config(SensorEncoderConfig.class, v);
    }

    @Test
    void everySensorModalityOfTheFixturesEncodesAsUpstream() throws Exception {
        for (String modality : List.of("depth", "thermal", "imu")) {
            TensorData inputs = Golden.npy("imagebind_tiny/inputs/" + modality + ".npy");
            TensorData expected = Golden.npy("imagebind_tiny/embeddings/" + modality + ".npy");
            long[] item = Arrays.copyOfRange(inputs.shape(), 1, inputs.rank());
            int n = (int) inputs.dim(0);
            int per = (int) (inputs.numel() / n);
            float[] all = inputs.toFloatArray();
            List<ModalityInput> in = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                in.add(ModalityInput.ofTensor(Modality.of(modality), Arrays.copyOfRange(all, i * per, (i + 1) * per),
                        item));
            }
            try (TrunkEncoder encoder = SensorEncoderComponent.open(config(modality))) {
                assertEquals(modality, encoder.info().modality().name());
                List<Embedding> out = encoder.encodeAll(in);
                int dim = (int) expected.dim(1);
                float[] flat = new float[n * dim];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(out.get(i).vector(), 0, flat, i * dim, dim);
                }
                Golden.assertClose(expected, flat, manifest.tolerance("embeddings/" + modality + ".npy"), modality);
                // depth and thermal read image files (SensorImageTest); nothing reads a sound file
                InvalidInputException wav = assertThrows(InvalidInputException.class, () -> encoder.encode(
                        ModalityInput.ofFile(Modality.of(modality),
                                Golden.path("preprocess/inputs/audio/speech_16k_mono.wav"))));
                assertTrue(wav.getMessage().contains("speech_16k_mono.wav"), wav.getMessage());
                if (modality.equals("imu")) {
                    InvalidInputException image = assertThrows(InvalidInputException.class, () -> encoder.encode(
                            ModalityInput.ofFile(Modality.IMU, Golden.path("preprocess/inputs/vision/rocket.jpg"))));
                    assertTrue(image.getMessage().contains("rocket.jpg"), image.getMessage());
                }
            }
        }
    }

    @Test
    void componentPublishesTheConfiguredModalityAndRefusesOthers() {
        FakeFramework fw = new FakeFramework();
        SensorEncoderComponent imu = new SensorEncoderComponent(fw.context(), config("imu"));
        assertTrue(imu.registered());
        assertEquals("imu", fw.properties.get(0).get(ModalityEncoder.MODALITY));
        assertEquals("imagebind_tiny", fw.properties.get(0).get(ModalityEncoder.MODEL_ID));
        imu.deactivate();
        assertEquals(1, fw.unregistered);
        assertFalse(new SensorEncoderComponent(fw.context(), config("vision")).registered());
        assertFalse(new SensorEncoderComponent(fw.context(), config("sonar")).registered());
        assertNull(SensorEncoderComponent.open(config("text")));
        assertEquals(1, fw.services.size());
    }
}
