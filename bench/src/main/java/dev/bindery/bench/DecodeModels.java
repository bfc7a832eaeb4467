package dev.bindery.bench;

import dev.bindery.llama.internal.load.GgufExport;
import dev.bindery.llama.internal.load.SyntheticWeights;
import dev.bindery.llama.internal.load.WeightFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The models of {@link DecodeBenchmark} as files: each format's random weights (the benchmark's shapes and seed)
 * written by Bindery as one llama.cpp-compatible GGUF. The benchmark's forks load them through the same loader a
 * service uses, so the resident memory they report is what loading a model costs, and llama.cpp reads the very same
 * files for the baseline.
 */
final class DecodeModels {
    /** System property naming the folder of the files, for the benchmark forks. */
    static final String PROPERTY = "bindery.bench.decode.models";

    private DecodeModels() {
    }

    /** The file of one format in {@code dir}. */
    static Path file(Path dir, String format) {
        return dir.resolve("bindery-decode-" + format + ".gguf");
    }

    /** Writes every format's model into {@code dir}, one at a time (an F32 model is about 4.3 GB). */
    static void write(Path dir, List<String> formats) throws IOException {
        Files.createDirectories(dir);
        for (String format : formats) {
            Path file = file(dir, format);
            System.out.println("decode benchmark: writing " + file);
            GgufExport.write(SyntheticWeights.random(DecodeBenchmark.config(DecodeBenchmark.LAYERS),
                    WeightFormat.valueOf(format), DecodeBenchmark.SEED), DecodeBenchmark.CONTEXT, file);
            System.gc();
        }
    }

    /** Deletes the files of {@link #write}. */
    static void delete(Path dir, List<String> formats) throws IOException {
        for (String format : formats) {
            Files.deleteIfExists(file(dir, format));
        }
        Files.deleteIfExists(dir);
    }
}
