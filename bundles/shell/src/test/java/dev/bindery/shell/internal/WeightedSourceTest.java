package dev.bindery.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.assistant.WeightedInput;
import dev.bindery.api.modality.Modality;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightedSourceTest {
    @TempDir
    Path dir;

    @Test
    void aTrailingNumberAfterTheLastColonIsTheWeight() throws Exception {
        Path image = Files.createFile(dir.resolve("cat.png"));
        WeightedInput plain = WeightedSource.parse(Modality.IMAGE, image.toString());
        assertEquals(1f, plain.weight());
        assertEquals(image, plain.input().file().orElseThrow());
        WeightedInput weighted = WeightedSource.parse(Modality.IMAGE, image + ":0.25");
        assertEquals(0.25f, weighted.weight());
        assertEquals(image, weighted.input().file().orElseThrow());
    }

    @Test
    void textKeepsItsColonsUnlessANumberEndsIt() {
        assertEquals("a dog: barking", WeightedSource.parse(Modality.TEXT, "a dog: barking").input().text()
                .orElseThrow());
        WeightedInput weighted = WeightedSource.parse(Modality.TEXT, "a dog:2");
        assertEquals("a dog", weighted.input().text().orElseThrow());
        assertEquals(2f, weighted.weight());
    }

    @Test
    void aMissingFileIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WeightedSource.parse(Modality.AUDIO, dir.resolve("none.wav") + ":0.5"));
        assertTrue(e.getMessage().contains("none.wav") && e.getMessage().contains("--audio"), e.getMessage());
    }
}
