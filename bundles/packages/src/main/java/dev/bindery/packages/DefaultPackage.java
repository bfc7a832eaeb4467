package dev.bindery.packages;

import dev.bindery.api.ModelMismatchException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The default package of the README's first command: the golden fixtures' tiny ImageBind and ImageBind-LLM
 * checkpoints (the real architecture in the official file formats, with fixed-seed random weights) converted by
 * {@link PackageConverter}. The conversion is deterministic, so every build produces the same bytes. Its answers are
 * meaningless; {@link #NOTICE} says so in the manifest and on the console.
 *
 * <p>Run by the build as {@code java dev.bindery.packages.DefaultPackage <golden dir> <target dir>}.
 */
public final class DefaultPackage {
    /** The package's name. */
    public static final String NAME = "bindery-default-tiny";
    /** What users are told about the package. */
    public static final String NOTICE = "Tiny model with random weights for trying Bindery out: its answers are"
            + " meaningless. For real answers convert the released checkpoints (imagebind_w3D.pth, LLaMA 7B"
            + " consolidated.00.pth + params.json + tokenizer.model, ImageBind-LLM 7B.pth) with bindery:convert"
            + " and name the resulting package in the configuration.";

    private DefaultPackage() {
    }

    /** The conversion request for the fixtures in {@code goldenDir} (the repository's {@code golden/} layout). */
    public static ConversionRequest request(Path goldenDir) {
        Path ib = goldenDir.resolve("imagebind_tiny");
        Path llm = goldenDir.resolve("imagebind_llm_tiny");
        return ConversionRequest.builder()
                .name(NAME)
                .notice(NOTICE)
                .imagebind(ib.resolve("imagebind_tiny.pth"), ib.resolve("config.json"))
                .bpe(ib.resolve("bpe_simple_vocab_16e6.txt.gz"))
                .llama(llm.resolve("llama/tiny"), llm.resolve("llama/tokenizer.model"))
                .adapter(llm.resolve("adapter.pth"))
                .cacheVectors(llm.resolve("cache/cache_vectors.npy"))
                .contextLength(512)
                .build();
    }

    /** Builds the default package from {@code goldenDir} into {@code target}. */
    public static ModelPackage build(Path goldenDir, Path target, ConversionListener listener)
            throws IOException, ModelMismatchException {
        return PackageConverter.convert(request(goldenDir), target, listener);
    }

    /** {@code DefaultPackage <golden dir> <target dir>}. */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: DefaultPackage <golden dir> <target dir>");
            System.exit(2);
        }
        ModelPackage p = build(Path.of(args[0]), Path.of(args[1]), (stage, fraction) ->
                System.out.printf(Locale.ROOT, "[%3.0f%%] %s%n", fraction * 100, stage));
        System.out.println("default package written to " + p.dir());
        System.out.println("NOTE: " + NOTICE);
    }
}
