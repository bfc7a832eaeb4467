package dev.bindery.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.assistant.WeightedInput;
import dev.bindery.api.modality.Modality;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AskCommandInputsTest {
    @Test
    void withTakesAnyModalityByNameWithItsWeight(@TempDir Path dir) throws Exception {
        Path row = Files.writeString(dir.resolve("row.csv"), "1,2,3\n");
        AskCommand ask = new AskCommand();
        ask.texts = List.of("a cat");
        ask.others = List.of("tabular=" + row + ":0.25", "image=" + row);
        List<WeightedInput> inputs = ask.inputs();
        assertEquals(3, inputs.size());
        assertEquals(Modality.TEXT, inputs.get(0).input().modality());
        assertEquals(Modality.of("tabular"), inputs.get(1).input().modality());
        assertEquals(0.25f, inputs.get(1).weight());
        assertEquals(Modality.IMAGE, inputs.get(2).input().modality());
        assertEquals(1f, inputs.get(2).weight());
    }

    @Test
    void aWithInputWithoutModalityOrSourceIsRefused() {
        for (String spec : List.of("row.csv", "=row.csv", "tabular=")) {
            AskCommand ask = new AskCommand();
            ask.others = List.of(spec);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ask::inputs, spec);
            assertTrue(e.getMessage().contains("MODALITY=SOURCE"), e.getMessage());
        }
    }
}
