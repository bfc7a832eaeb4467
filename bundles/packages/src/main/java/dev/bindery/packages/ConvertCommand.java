package dev.bindery.packages;

import dev.bindery.bindnet.WeightFormat;
import dev.bindery.llama.convert.GgufWeightFormat;
import dev.bindery.packages.internal.PrettyJson;
import dev.bindery.tensor.DType;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The conversion as a command line, for scripts and for the shell's {@code bindery:convert}:
 * <pre>
 * convert --imagebind FILE.pth [--imagebind-config config.json] --llama-dir DIR [--tokenizer tokenizer.model]
 *         --adapter 7B.pth [--bpe bpe_simple_vocab_16e6.txt.gz] [--cache vectors.npy] [--name NAME]
 *         [--llama-format stored|f32|f16|q8_0|q4_0] [--bind-format as-stored|q8_0|q4_0] [--cache-type f32|f16]
 *         [--context N] [--json] TARGET_DIR
 * </pre>
 * Prints progress lines and a summary, or with {@code --json} one JSON object (the manifest's components and the
 * package folder). {@link #run} returns the exit status: 0 done, 1 conversion refused, 2 bad arguments.
 */
public final class ConvertCommand {
    private ConvertCommand() {
    }

    /** Parses the arguments into a request and its target. */
    public record Parsed(ConversionRequest request, Path target, boolean json) {
    }

    /**
     * @throws IllegalArgumentException naming the option that is unknown, lacks a value or is missing
     */
    public static Parsed parse(String... args) {
        ConversionRequest.Builder b = ConversionRequest.builder();
        Path imagebind = null;
        Path imagebindConfig = null;
        Path llamaDir = null;
        Path tokenizer = null;
        Path target = null;
        boolean json = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--json")) {
                json = true;
                continue;
            }
            if (!a.startsWith("--")) {
                if (target != null) {
                    throw new IllegalArgumentException("more than one target folder: " + target + " and " + a);
                }
                target = Path.of(a);
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--imagebind" -> imagebind = Path.of(v);
                case "--imagebind-config" -> imagebindConfig = Path.of(v);
                case "--llama-dir" -> llamaDir = Path.of(v);
                case "--tokenizer" -> tokenizer = Path.of(v);
                case "--adapter" -> b.adapter(Path.of(v));
                case "--bpe" -> b.bpe(Path.of(v));
                case "--cache" -> b.cacheVectors(Path.of(v));
                case "--name" -> b.name(v);
                case "--llama-format" -> b.llamaFormat(GgufWeightFormat.parse(v));
                case "--bind-format" -> b.bindNetworkFormat(WeightFormat.parse(v));
                case "--cache-type" -> b.cacheType(cacheType(v));
                case "--context" -> b.contextLength(Integer.parseInt(v));
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        require(imagebind, "--imagebind");
        require(llamaDir, "--llama-dir");
        require(target, "the target folder");
        b.imagebind(imagebind, imagebindConfig).llama(llamaDir, tokenizer);
        try {
            return new Parsed(b.build(), target, json);
        } catch (NullPointerException e) {
            throw new IllegalArgumentException("missing " + e.getMessage());
        }
    }

    /** Runs a conversion, printing to {@code out}; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Parsed p;
        try {
            p = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("convert: " + e.getMessage());
            return 2;
        }
        try {
            ConversionListener listener = p.json() ? ConversionListener.NONE
                    : (stage, fraction) -> out.printf(Locale.ROOT, "[%3.0f%%] %s%n", fraction * 100, stage);
            ModelPackage pkg = PackageConverter.convert(p.request(), p.target(), listener);
            PackageManifest m = pkg.manifest();
            if (p.json()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("package", pkg.dir().toString());
                r.put("name", m.name());
                r.put("imagebind_dimension", m.imagebind().dimension());
                r.put("modalities", m.imagebind().graphs().keySet().stream().sorted().toList());
                r.put("llama_dim", m.llama().dim());
                r.put("llama_weight_format", m.llama().weightFormat());
                r.put("bindnet_weight_format", m.bindnet().weightFormat());
                r.put("cache_count", m.cache() == null ? null : m.cache().count());
                r.put("files", m.files().size());
                out.print(PrettyJson.write(r));
            } else {
                out.println("package " + m.name() + " written to " + pkg.dir() + " (" + m.files().size()
                        + " files, ImageBind dim " + m.imagebind().dimension() + ", LLaMA dim " + m.llama().dim()
                        + ")");
            }
            return 0;
        } catch (Exception e) {
            err.println("convert: " + e.getMessage());
            return 1;
        }
    }

    /** Command-line entry point; exits with {@link #run}'s status. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    private static DType cacheType(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "f32" -> DType.F32;
            case "f16" -> DType.F16;
            default -> throw new IllegalArgumentException("--cache-type is '" + v + "'; use f32 or f16");
        };
    }

    private static void require(Object value, String what) {
        if (value == null) {
            throw new IllegalArgumentException("missing " + what);
        }
    }
}
