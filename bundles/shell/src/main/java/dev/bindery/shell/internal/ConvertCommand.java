package dev.bindery.shell.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

/**
 * {@code bindery:convert}: builds a model package from the official checkpoints (the same conversion as the
 * packages bundle's command-line converter), with progress, then prints the package's summary.
 */
@Service
@Command(scope = "bindery", name = "convert",
        description = "Builds a model package from ImageBind, LLaMA and ImageBind-LLM checkpoints")
public class ConvertCommand implements Action {
    @Option(name = "--imagebind", required = true, description = "ImageBind checkpoint (imagebind_w3D.pth)")
    @Completion(FileCompleter.class)
    String imagebind;

    @Option(name = "--imagebind-config", description = "JSON with the trunks' hyper-parameters (tiny models)")
    @Completion(FileCompleter.class)
    String imagebindConfig;

    @Option(name = "--llama-dir", required = true, description = "Folder with params.json and consolidated.*.pth")
    @Completion(FileCompleter.class)
    String llamaDir;

    @Option(name = "--tokenizer", description = "tokenizer.model (default: in the LLaMA folder or its parent)")
    @Completion(FileCompleter.class)
    String tokenizer;

    @Option(name = "--adapter", required = true, description = "ImageBind-LLM adapter checkpoint (7B.pth)")
    @Completion(FileCompleter.class)
    String adapter;

    @Option(name = "--bpe", description = "CLIP BPE merges (bpe_simple_vocab_16e6.txt.gz)")
    @Completion(FileCompleter.class)
    String bpe;

    @Option(name = "--cache", description = "Cache vectors as .npy (N x dim), e.g. exported from the released index")
    @Completion(FileCompleter.class)
    String cache;

    @Option(name = "--name", description = "Package name")
    String name;

    @Option(name = "--llama-format", description = "stored, f32, f16, q8_0 or q4_0")
    String llamaFormat;

    @Option(name = "--bind-format", description = "as-stored, q8_0 or q4_0")
    String bindFormat;

    @Option(name = "--cache-type", description = "f32 or f16")
    String cacheType;

    @Option(name = "--context", description = "Context length (default 512)")
    Integer context;

    @Option(name = "--json", description = "Print one JSON object instead of progress and a summary")
    boolean json;

    @Argument(index = 0, name = "target", required = true, description = "Folder to write the package to")
    @Completion(FileCompleter.class)
    String target;

    @Override
    public Object execute() {
        List<String> args = new ArrayList<>();
        add(args, "--imagebind", imagebind);
        add(args, "--imagebind-config", imagebindConfig);
        add(args, "--llama-dir", llamaDir);
        add(args, "--tokenizer", tokenizer);
        add(args, "--adapter", adapter);
        add(args, "--bpe", bpe);
        add(args, "--cache", cache);
        add(args, "--name", name);
        add(args, "--llama-format", llamaFormat);
        add(args, "--bind-format", bindFormat);
        add(args, "--cache-type", cacheType);
        add(args, "--context", context == null ? null : String.valueOf(context));
        if (json) {
            args.add("--json");
        }
        args.add(target);
        int status = dev.bindery.packages.ConvertCommand.run(args.toArray(String[]::new), System.out, System.err);
        if (status != 0) {
            throw new IllegalStateException("conversion " + (status == 2 ? "arguments are invalid" : "failed")
                    + " (see above)");
        }
        return null;
    }

    private static void add(List<String> args, String option, String value) {
        if (value != null) {
            args.add(option);
            args.add(value);
        }
    }
}
