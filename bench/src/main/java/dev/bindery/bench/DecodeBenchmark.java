package dev.bindery.bench;

import dev.bindery.llama.internal.load.LlamaBuilder;
import dev.bindery.llama.internal.load.ModelFiles;
import dev.bindery.llama.internal.load.ModelLoader;
import dev.bindery.llama.internal.load.SyntheticWeights;
import dev.bindery.llama.internal.load.WeightFormat;
import dev.bindery.llama.internal.model.Llama;
import dev.bindery.llama.internal.model.LlamaConfig;
import dev.bindery.llama.internal.model.LlamaState;
import dev.bindery.tensor.kernel.Parallel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * LLaMA decode and prompt processing on a model with LLaMA-7B layer shapes (dim 4096, FFN 11008, 32 heads,
 * vocabulary 32000) and {@link #layers} layers of random weights, per weight format and thread count: the setting of
 * the llama.cpp anchor ({@code llama-bench -p 64 -n 32} on 4 such layers).
 *
 * <ul>
 *   <li>{@link #decode}: one token at a fixed position ({@value #POSITION}, after a prompt of that length), the
 *       per-token cost of generation: every weight matrix is streamed once.</li>
 *   <li>{@link #prompt}: {@value #PROMPT} tokens at once from position 0 (pp64), the batched kernels.</li>
 * </ul>
 *
 * <p>At the end of a trial the fork appends one line to the file named by the system property
 * {@value #REPORT_PROPERTY} (if set): benchmark, format, threads, weight bytes per token, weight bytes held, resident
 * and peak resident memory of the process, and the heap in use after a full collection and the heap committed. {@link DecodeSummary} joins them with the timings.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DecodeBenchmark {
    /** LLaMA-7B widths. */
    public static final int DIM = 4096;
    public static final int HEADS = 32;
    public static final int FFN = 11008;
    public static final int VOCAB = 32000;
    /** Position of the decoded token: the cache holds this many earlier positions. */
    public static final int POSITION = 32;
    /** Tokens of the prompt-processing benchmark. */
    public static final int PROMPT = 64;
    /** System property naming the file that receives one memory line per trial. */
    public static final String REPORT_PROPERTY = "bindery.bench.decode.report";
    /** Seed of the random weights (the llama.cpp baseline writes the same model). */
    public static final long SEED = 1234;
    /** Layers of the models {@link DecodeModels} writes (the anchors' setting). */
    public static final int LAYERS = 4;
    /** Positions the model is built for. */
    public static final int CONTEXT = POSITION + PROMPT + 1;

    @Param({"F32", "Q8_0", "Q4_0"})
    public String format;

    @Param({"1", "2"})
    public int threads;

    @Param({"4"})
    public int layers;

    private Parallel parallel;
    private Llama llama;
    private LlamaState decodeState;
    private LlamaState promptState;
    private int[] token;
    private int[] prompt;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        parallel = new Parallel(threads, "bench-decode");
        LlamaConfig config = config(layers);
        String models = System.getProperty(DecodeModels.PROPERTY);
        if (models != null && layers == LAYERS) {
            // the file llama.cpp reads, through the loader a service uses: the memory figures are a real load's
            llama = ModelLoader.load(ModelFiles.gguf(DecodeModels.file(Paths.get(models), format)),
                    WeightFormat.STORED, CONTEXT, parallel).llama();
        } else {
            llama = LlamaBuilder.build(SyntheticWeights.random(config, WeightFormat.valueOf(format), SEED), CONTEXT,
                    parallel);
        }
        prompt = new int[PROMPT];
        for (int i = 0; i < PROMPT; i++) {
            prompt[i] = 300 + 97 * i % (VOCAB - 300);
        }
        decodeState = llama.newState(POSITION + 1, null);
        llama.forward(decodeState, Arrays.copyOf(prompt, POSITION), 0);
        promptState = llama.newState(PROMPT, null);
        token = new int[] {prompt[POSITION]};
        System.gc(); // drop the construction garbage before the memory reading at the end
    }

    /** The model shape of this benchmark with {@code layers} layers. */
    public static LlamaConfig config(int layers) {
        return new LlamaConfig(DIM, layers, HEADS, HEADS, FFN, VOCAB, 1e-6f, 10000);
    }

    @Benchmark
    public float[] decode() throws Exception {
        return llama.forward(decodeState, token, POSITION);
    }

    @Benchmark
    public float[] prompt() throws Exception {
        return llama.forward(promptState, prompt, 0);
    }

    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) throws IOException {
        String report = System.getProperty(REPORT_PROPERTY);
        if (report != null && !report.isBlank()) {
            String benchmark = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
            // the token embedding is held but not streamed: one row per token
            long held = llama.weightBytesPerToken() + WeightFormat.valueOf(format).dtype().byteSize((long) VOCAB * DIM);
            long rss = ProcessMemory.bytes("VmRSS");
            long peak = ProcessMemory.bytes("VmHWM");
            // what the heap holds live, and what the JVM keeps committed for it (resident memory counts both)
            System.gc();
            Runtime rt = Runtime.getRuntime();
            String line = String.format(Locale.ROOT, "%s %s %d %d %d %d %d %d %d%n", benchmark, format, threads,
                    llama.weightBytesPerToken(), held, rss, peak, rt.totalMemory() - rt.freeMemory(), rt.totalMemory());
            Files.writeString(Paths.get(report), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        parallel.close();
    }
}
