package dev.bindery.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.modality.Modality;
import dev.bindery.api.modality.ModalityInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncodingActionTest {
    @TempDir
    Path dir;

    private static final class Inputs extends EncodingAction {
        @Override
        public Object execute() {
            return null;
        }
    }

    @Test
    void builtInOptionsComeFirstThenTheSourcesOfTheNamedModality() throws Exception {
        Path image = Files.createFile(dir.resolve("cat.png"));
        Path row = Files.createFile(dir.resolve("row.csv"));
        Inputs action = new Inputs();
        action.images = List.of(image.toString());
        action.texts = List.of("a cat: sitting");
        action.modality = "Tabular";
        action.sources = List.of(row.toString());
        List<ModalityInput> inputs = action.inputs();
        assertEquals(3, inputs.size());
        assertEquals(Modality.IMAGE, inputs.get(0).modality());
        assertEquals("a cat: sitting", inputs.get(1).text().orElseThrow(), "no weight is split off a text");
        assertEquals(Modality.of("tabular"), inputs.get(2).modality());
        assertEquals(row, inputs.get(2).file().orElseThrow());
    }

    @Test
    void unusableInputsAreNamed() {
        Inputs none = new Inputs();
        assertTrue(assertThrows(IllegalArgumentException.class, none::inputs).getMessage().contains("at least one"));

        Inputs noModality = new Inputs();
        noModality.sources = List.of("x.csv");
        assertTrue(assertThrows(IllegalArgumentException.class, noModality::inputs).getMessage()
                .contains("--modality"));

        Inputs missing = new Inputs();
        missing.audio = List.of(dir.resolve("gone.wav").toString());
        String message = assertThrows(IllegalArgumentException.class, missing::inputs).getMessage();
        assertTrue(message.contains("gone.wav") && message.contains("audio"), message);

        Inputs badName = new Inputs();
        badName.modality = "3d points";
        badName.sources = List.of("x");
        assertThrows(IllegalArgumentException.class, badName::inputs);
    }

    @Test
    void cacheNamesAreEscapedInFilters() {
        assertEquals("a\\(b\\)\\*c\\\\", RetrieveCommand.escape("a(b)*c\\"));
    }
}
