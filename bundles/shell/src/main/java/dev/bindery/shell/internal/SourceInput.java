package dev.bindery.shell.internal;

import dev.bindery.api.modality.Modality;
import dev.bindery.api.modality.ModalityInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** A command-line source without a weight: the text itself for the text modality, otherwise an existing file. */
final class SourceInput {
    private SourceInput() {
    }

    static ModalityInput parse(Modality modality, String source) {
        if (modality.equals(Modality.TEXT)) {
            return ModalityInput.ofText(source);
        }
        Path file = Paths.get(source).toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(modality + " input " + source + ": no such file " + file);
        }
        return ModalityInput.ofFile(modality, file);
    }

    /** How an input is named in tables and JSON: the text, or the file path as given on the command line. */
    static String label(ModalityInput input) {
        return input.text().orElseGet(() -> input.file().map(Path::toString).orElse(input.describe()));
    }
}
