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
 * The image encoder's model at ImageBind-huge size (ViT-H/14: 1280 wide, 32 blocks, 16 heads, 224 px; random
 * weights, {@link VisionTextWeights}) in ONNX Runtime on the CPU with {@link #threads} intra-op threads: one run of
 * a batch of 1 ({@link #imagesBatch1}) and of 8 ({@link #imagesBatch8}) preprocessed images, as the image encoder
 * service runs them. {@link VisionTextSummary} turns the times into images/s against the PyTorch anchor.
 *
 * <p>The graph is built the way the service builds it: the random dict is written to a temporary {@code .pth}
 * ({@link TorchStateDictWriter}), the graph built from it by {@code bundles/onnx}, the {@code .pth} deleted; the
 * folder is deleted after the trial. Each benchmark method runs in its own fork and builds its own model.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class VisionEncoderBenchmark {
    @Param({"2"})
    public int threads;

    private Path dir;
    private EncoderSession session;
    private float[] batch1;
    private float[] batch8;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("bindery-bench-vision");
        try {
            Path pth = dir.resolve("imagebind_vision_huge_random.pth");
            TorchStateDictWriter.write(pth, VisionTextWeights.vision(23));
            Path graph = new TrunkModelFiles(pth, dir.resolve("onnx"), null).ensure(TrunkModality.VISION);
            Files.delete(pth); // the graph holds its own copy of the weights
            session = EncoderSession.open(graph, SessionSettings.of(SessionSettings.CPU, threads));
        } catch (IOException | RuntimeException | Error e) {
            AudioPipelineBenchmark.deleteTree(dir); // a failed trial gets no tear-down: do not leave 5 GB behind
            throw e;
        }
        batch1 = clips(1);
        batch8 = clips(8);
    }

    /** Normal values the size of {@code n} preprocessed images (the graph's 2-frame clips). */
    private float[] clips(int n) {
        SplittableRandom random = new SplittableRandom(5 + n);
        float[] values = new float[n * session.itemSize()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian());
        }
        return values;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        session.close();
        AudioPipelineBenchmark.deleteTree(dir);
    }

    /** One image. */
    @Benchmark
    public EncoderSession.Outputs imagesBatch1() throws Exception {
        return session.run(batch1, 1);
    }

    /** Eight images in one run. */
    @Benchmark
    public EncoderSession.Outputs imagesBatch8() throws Exception {
        return session.run(batch8, 8);
    }
}
