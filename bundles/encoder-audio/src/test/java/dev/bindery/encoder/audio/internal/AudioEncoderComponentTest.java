package dev.bindery.encoder.audio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.InvalidInputException;
import dev.bindery.api.ServiceUnavailableException;
import dev.bindery.api.encoder.ModalityEncoder;
import dev.bindery.api.modality.Modality;
import dev.bindery.api.modality.ModalityInput;
import dev.bindery.onnx.imagebind.TrunkModality;
import dev.bindery.onnx.session.ClipMeanEncoder;
import dev.bindery.onnx.session.TrunkModelFiles;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audio encoder component: registers one {@code ModalityEncoder} with its properties for a usable configuration
 * and takes it down (unregister, then close); registers nothing for a bad checkpoint, a graph of the wrong shape or a
 * bad setting; and the encoder refuses inputs that are not audio or not usable, naming them.
 */
class AudioEncoderComponentTest {
    private static final int CLIP_VALUES = AudioPreprocessor.MEL_BINS * AudioPreprocessor.TARGET_FRAMES;

    @TempDir
    Path tmp;

    private Manifest manifest;

    @BeforeEach
    void setUp() {
        manifest = Golden.manifest("imagebind_tiny");
    }

    private AudioEncoderConfig config(Map<String, Object> extra) {
        return AudioEncoderTest.config(manifest, tmp, extra);
    }

    @Test
    void componentRegistersTheServiceWithItsPropertiesAndTakesItDown() throws Exception {
        RecordingContext fw = new RecordingContext();
        AudioEncoderComponent component = new AudioEncoderComponent(fw.context(),
                config(Map.of("model_id", "tiny", "ranking", 7, "device", "cuda")));
        assertTrue(component.registered());
        assertEquals(1, fw.services.size());
        assertEquals("audio", fw.properties.get(0).get(ModalityEncoder.MODALITY));
        assertEquals("cpu", fw.properties.get(0).get(ModalityEncoder.DEVICE), "CUDA fell back to CPU");
        assertEquals("tiny", fw.properties.get(0).get(ModalityEncoder.MODEL_ID));
        assertEquals((int) manifest.shape("embeddings/audio.npy")[1],
                fw.properties.get(0).get(ModalityEncoder.DIMENSION));
        assertEquals(7, fw.properties.get(0).get("service.ranking"));
        assertTrue(Files.isRegularFile(tmp.resolve("onnx/audio.onnx")), "graph stored for later starts");

        ModalityEncoder service = (ModalityEncoder) fw.services.get(0);
        float[] silence = new float[AudioPreprocessor.OUTPUT_SIZE];
        assertEquals(manifest.shape("embeddings/audio.npy")[1],
                service.encode(ModalityInput.ofTensor(Modality.AUDIO, silence, 3, 1, 128, 204)).dimension());
        component.deactivate();
        assertEquals(1, fw.unregistered);
        assertThrows(ServiceUnavailableException.class,
                () -> service.encode(ModalityInput.ofTensor(Modality.AUDIO, silence, 3, 1, 128, 204)),
                "closed with the registration");
    }

    @Test
    void badCheckpointsRegisterNothing() throws Exception {
        RecordingContext fw = new RecordingContext();
        // a torch checkpoint that is not ImageBind: the audio keys are missing
        assertFalse(new AudioEncoderComponent(fw.context(), config(Map.of("checkpoint",
                Golden.path("imagebind_llm_tiny/adapter.pth").toString(), "onnx_dir",
                tmp.resolve("adapter").toString()))).registered());
        // the ImageBind checkpoint cut in half
        byte[] pth = Files.readAllBytes(manifest.path("imagebind_tiny.pth"));
        Path cut = Files.write(tmp.resolve("cut.pth"), Arrays.copyOf(pth, pth.length / 2));
        assertFalse(new AudioEncoderComponent(fw.context(), config(Map.of("checkpoint", cut.toString(),
                "onnx_dir", tmp.resolve("cut").toString()))).registered());
        // not a checkpoint at all, and no file
        Path text = Files.writeString(tmp.resolve("notes.pth"), "not a checkpoint");
        assertFalse(new AudioEncoderComponent(fw.context(), config(Map.of("checkpoint", text.toString(),
                "onnx_dir", tmp.resolve("notes").toString()))).registered());
        assertNull(AudioEncoderComponent.open(config(Map.of("checkpoint", tmp.resolve("missing.pth").toString(),
                "onnx_dir", tmp.resolve("missing").toString()))));
        assertTrue(fw.services.isEmpty());
        assertFalse(Files.exists(tmp.resolve("cut/audio.onnx")), "no graph left from a bad checkpoint");
    }

    @Test
    void unusableSettingsAndForeignGraphsRegisterNothing() throws Exception {
        RecordingContext fw = new RecordingContext();
        assertFalse(new AudioEncoderComponent(fw.context(), config(Map.of("device", "tpu"))).registered());
        assertFalse(new AudioEncoderComponent(fw.context(), config(Map.of("batch_size", 0))).registered());
        assertNull(AudioEncoderComponent.open(RecordingContext.config(AudioEncoderConfig.class, Map.of())),
                "neither checkpoint nor ONNX folder");
        assertNull(AudioEncoderComponent.open(RecordingContext.config(AudioEncoderConfig.class,
                Map.of("onnx_dir", tmp.resolve("empty").toString()))), "ONNX folder without audio.onnx");

        // A folder whose audio.onnx is another trunk's graph (depth takes 1 x 224 x 224 images) is refused.
        Path depth = new TrunkModelFiles(manifest.path("imagebind_tiny.pth"), tmp.resolve("built"),
                manifest.path("config.json")).ensure(TrunkModality.DEPTH);
        Path foreign = Files.createDirectories(tmp.resolve("foreign"));
        Files.copy(depth, foreign.resolve("audio.onnx"));
        assertNull(AudioEncoderComponent.open(RecordingContext.config(AudioEncoderConfig.class,
                Map.of("onnx_dir", foreign.toString()))));
        assertTrue(fw.services.isEmpty());
    }

    @Test
    void inputsThatAreNotUsableAudioAreRefusedNamingThem() throws Exception {
        try (ClipMeanEncoder encoder = AudioEncoderComponent.open(config(Map.of()))) {
            assertNotNull(encoder);
            InvalidInputException text = assertThrows(InvalidInputException.class,
                    () -> encoder.encode(ModalityInput.ofText("a dog barking")));
            assertTrue(text.getMessage().contains("audio encoder") && text.getMessage().contains("text"),
                    text.getMessage());

            Path wav = Golden.path("preprocess/inputs/audio/speech_16k_mono.wav");
            InvalidInputException image = assertThrows(InvalidInputException.class,
                    () -> encoder.encode(ModalityInput.ofFile(Modality.IMAGE, wav)));
            assertTrue(image.getMessage().contains("image") && image.getMessage().contains("speech_16k_mono.wav"),
                    image.getMessage());

            Path png = Golden.path("preprocess/inputs/vision/chelsea.png");
            InvalidInputException notWav = assertThrows(InvalidInputException.class,
                    () -> encoder.encode(ModalityInput.ofFile(Modality.AUDIO, png)));
            assertTrue(notWav.getMessage().contains("chelsea.png"), notWav.getMessage());

            byte[] bytes = Files.readAllBytes(wav);
            Path cut = Files.write(tmp.resolve("cut.wav"), Arrays.copyOf(bytes, 30));
            InvalidInputException truncated = assertThrows(InvalidInputException.class,
                    () -> encoder.encode(ModalityInput.ofFile(Modality.AUDIO, cut)));
            assertTrue(truncated.getMessage().contains("cut.wav"), truncated.getMessage());

            InvalidInputException oneClip = assertThrows(InvalidInputException.class,
                    () -> encoder.encode(ModalityInput.ofTensor(Modality.AUDIO, new float[CLIP_VALUES], 1, 128, 204)));
            assertTrue(oneClip.getMessage().contains("[3, 1, 128, 204]"), oneClip.getMessage());

            float[] nan = new float[AudioPreprocessor.OUTPUT_SIZE];
            nan[CLIP_VALUES + 3] = Float.NaN;
            InvalidInputException nanInput = assertThrows(InvalidInputException.class,
                    () -> encoder.encode(ModalityInput.ofTensor(Modality.AUDIO, nan, 3, 1, 128, 204)));
            assertTrue(nanInput.getMessage().contains("index " + (CLIP_VALUES + 3)), nanInput.getMessage());

            Path badNpy = Files.writeString(tmp.resolve("clips.npy"), "not numpy");
            InvalidInputException garbage = assertThrows(InvalidInputException.class,
                    () -> encoder.encode(ModalityInput.ofFile(Modality.AUDIO, badNpy)));
            assertTrue(garbage.getMessage().contains("clips.npy"), garbage.getMessage());

            // one bad input fails the whole call, naming it, and the encoder keeps working
            ModalityInput good = ModalityInput.ofFile(Modality.AUDIO, wav);
            InvalidInputException inList = assertThrows(InvalidInputException.class,
                    () -> encoder.encodeAll(java.util.List.of(good, ModalityInput.ofFile(Modality.AUDIO, cut))));
            assertTrue(inList.getMessage().contains("cut.wav"), inList.getMessage());
            assertEquals(Modality.AUDIO, encoder.encode(good).modality());
        }
    }
}
