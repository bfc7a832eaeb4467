package dev.bindery.shell.internal;

import dev.bindery.api.assistant.WeightedInput;
import dev.bindery.api.modality.Modality;
import dev.bindery.api.modality.ModalityInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command-line input {@code SOURCE[:weight]}: a file (or, for the text modality, the text itself) with an optional
 * mixing weight after the last colon, e.g. {@code cat.png:0.5}. Without a weight the input weighs 1, as upstream.
 */
final class WeightedSource {
    private static final Pattern WEIGHT = Pattern.compile("^(.*):([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)$");

    private WeightedSource() {
    }

    static WeightedInput parse(Modality modality, String spec) {
        String source = spec;
        float weight = 1f;
        Matcher m = WEIGHT.matcher(spec);
        if (m.matches() && !m.group(1).isEmpty()) {
            source = m.group(1);
            weight = Float.parseFloat(m.group(2));
        }
        if (modality.equals(Modality.TEXT)) {
            return new WeightedInput(ModalityInput.ofText(source), weight);
        }
        Path file = Paths.get(source).toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--" + modality + " " + spec + ": no such file " + file);
        }
        return new WeightedInput(ModalityInput.ofFile(modality, file), weight);
    }
}
