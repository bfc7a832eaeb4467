package dev.bindery.encoder.text.internal;

import dev.bindery.tensor.testing.Golden;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The real CLIP merges file of the golden fixtures, read once per test JVM. */
final class BpeModels {
    private static BpeModel clip;

    private BpeModels() {
    }

    static synchronized BpeModel clip() {
        if (clip == null) {
            try {
                clip = BpeModel.readGzip(Golden.path("imagebind_tiny/bpe_simple_vocab_16e6.txt.gz"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return clip;
    }
}
