package dev.bindery.onnx.imagebind;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.tensor.io.FormatException;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints and configurations that cannot give a trunk are refused with the file and the key named. */
class CheckpointErrorsTest {
    @TempDir
    Path tmp;

    @Test
    void specsComeFromTheShapesAndTheConfig() throws Exception {
        Manifest m = Golden.manifest("imagebind_tiny");
        try (ImageBindTrunks t = ImageBindTrunks.open(m.path("imagebind_tiny.pth"),
                ImageBindConfig.fromJson(m.path("config.json")))) {
            assertEquals(EnumSet.allOf(TrunkModality.class), t.modalities());
            TrunkSpec vision = t.spec(TrunkModality.VISION);
            assertEquals(257, vision.tokens());
            assertEquals(14, vision.kernel());
            assertArrayEquals(new long[] {3, 2, 224, 224}, vision.inputShape());
            assertEquals(false, vision.biasKv());
            TrunkSpec audio = t.spec(TrunkModality.AUDIO);
            assertEquals(10, audio.stride());
            assertEquals(true, audio.biasKv());
            assertEquals(2000, t.spec(TrunkModality.IMU).inputShape()[1]);
            assertEquals(77, t.spec(TrunkModality.TEXT).inputShape()[0]);
        }
    }

    @Test
    void aCheckpointWithoutImageBindKeysNamesTheMissingKey() throws Exception {
        Path adapter = Golden.path("imagebind_llm_tiny/adapter.pth");
        try (ImageBindTrunks t = ImageBindTrunks.open(adapter, ImageBindConfig.released())) {
            assertTrue(t.modalities().isEmpty());
            FormatException e = assertThrows(FormatException.class, () -> t.graph(TrunkModality.VISION));
            assertTrue(e.getMessage().contains("modality_trunks.vision.blocks.0.norm_1.weight"), e.getMessage());
            assertTrue(e.getMessage().contains("adapter.pth"), e.getMessage());
        }
    }

    @Test
    void headCountsThatDoNotDivideTheWidthAreRefused() throws Exception {
        Manifest m = Golden.manifest("imagebind_tiny");
        ImageBindConfig config = ImageBindConfig.fromJson(m.path("config.json")).withHeads(TrunkModality.DEPTH, 3);
        try (ImageBindTrunks t = ImageBindTrunks.open(m.path("imagebind_tiny.pth"), config)) {
            FormatException e = assertThrows(FormatException.class, () -> t.spec(TrunkModality.DEPTH));
            assertTrue(e.getMessage().contains("3 heads"), e.getMessage());
        }
    }

    @Test
    void badConfigFilesNameTheKey() throws Exception {
        Path bad = Files.writeString(tmp.resolve("config.json"),
                "{\"ImageBindModel_kwargs\": {\"vision_num_heads\": -4}}");
        FormatException e = assertThrows(FormatException.class, () -> ImageBindConfig.fromJson(bad));
        assertTrue(e.getMessage().contains("vision_num_heads"), e.getMessage());
        Path notJson = Files.writeString(tmp.resolve("broken.json"), "{");
        assertThrows(FormatException.class, () -> ImageBindConfig.fromJson(notJson));
        assertEquals(16, ImageBindConfig.released().heads(TrunkModality.VISION));
        assertEquals(8, ImageBindConfig.released().heads(TrunkModality.DEPTH));
    }
}
