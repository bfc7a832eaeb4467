package dev.bindery.bench;

import dev.bindery.onnx.imagebind.TrunkModality;
import dev.bindery.onnx.session.EncoderSession;
import dev.bindery.onnx.session.SessionSettings;
import dev.bindery.onnx.session.TrunkModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
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

/**
 * The text encoder's model at ImageBind-huge size (1024 wide, 24 blocks, 16 heads, 77 tokens, causal mask; random
 * weights, {@link VisionTextWeights}) in ONNX Runtime on the CPU with {@link #threads} intra-op threads, on token-id
 * rows shaped like tokenised captions (start, {@link #words} word tokens, end, padding): a batch of 1
 * ({@link #textsBatch1}) and of 8 ({@link #textsBatch8}). Upstream always runs all 77 positions; the graph runs the
 * positions up to the batch's last end-of-text token (the causal mask makes the rest irrelevant to the embedding),
 * so a short caption costs less than a full one: both are measured. Built like {@link VisionEncoderBenchmark}'s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TextEncoderBenchmark {
    /** CLIP's start- and end-of-text ids. */
    static final long SOT = 49406;
    static final long EOT = 49407;
    /** Word tokens per caption: a short caption, and one that fills the context (77 = start + 75 + end). */
    @Param({"12", "75"})
    public int words;

    @Param({"2"})
    public int threads;

    private Path dir;
    private EncoderSession session;
    private long[] batch1;
    private long[] batch8;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("bindery-bench-text");
        try {
            Path pth = dir.resolve("imagebind_text_huge_random.pth");
            TorchStateDictWriter.write(pth, VisionTextWeights.text(29));
            Path graph = new TrunkModelFiles(pth, dir.resolve("onnx"), null).ensure(TrunkModality.TEXT);
            Files.delete(pth);
            session = EncoderSession.open(graph, SessionSettings.of(SessionSettings.CPU, threads));
        } catch (IOException | RuntimeException | Error e) {
            AudioPipelineBenchmark.deleteTree(dir);
            throw e;
        }
        batch1 = captions(1, words);
        batch8 = captions(8, words);
    }

    /** {@code n} rows of 77 ids: start, {@code words} random word ids, end, zero padding. */
    static long[] captions(int n, int words) {
        SplittableRandom random = new SplittableRandom(11 + n);
        int len = VisionTextWeights.TEXT_TOKENS;
        long[] ids = new long[n * len];
        for (int r = 0; r < n; r++) {
            ids[r * len] = SOT;
            for (int i = 1; i <= words; i++) {
                ids[r * len + i] = 256 + random.nextInt(40_000); // ordinary BPE ids, below the special ones
            }
            ids[r * len + words + 1] = EOT;
        }
        return ids;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        session.close();
        AudioPipelineBenchmark.deleteTree(dir);
    }

    @Benchmark
    public EncoderSession.Outputs textsBatch1() throws Exception {
        return session.runIds(batch1, 1);
    }

    @Benchmark
    public EncoderSession.Outputs textsBatch8() throws Exception {
        return session.runIds(batch8, 8);
    }
}
