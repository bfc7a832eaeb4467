package dev.bindery.bench;

import dev.bindery.encoder.audio.internal.AudioPreprocessor;
import dev.bindery.encoder.audio.internal.ClipWaveforms;
import dev.bindery.encoder.audio.internal.SourceAudio;
import dev.bindery.onnx.imagebind.TrunkModality;
import dev.bindery.onnx.session.EncoderSession;
import dev.bindery.onnx.session.SessionSettings;
import dev.bindery.onnx.session.TrunkModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * The audio encoder at the released ImageBind-huge audio size (trunk 768 wide, 12 blocks, 12 heads, MLP 3072,
 * 229 tokens, bias_k/v, 1024-d head; random weights) on a 10-second 44.1 kHz stereo 16-bit WAV. {@link #file} is
 * the whole path of one file (upstream preprocessing to three 128 x 204 clips, the trunk over the 3 clips in ONNX
 * Runtime with {@link Model#threads} intra-op threads, clip embeddings averaged); {@link BenchMain} reports it as
 * clips/s against the PyTorch anchor. The stages have their own benchmarks: {@link #decode} (header, clip plan,
 * reading the frames the clips need), {@link #resample} (44.1 -> 16 kHz sinc), {@link #fbank} (Kaldi filterbank of
 * the 3 clips, padding, normalisation) and {@link #trunk} (the graph alone).
 *
 * <p>The random weights are built in memory as a state dict; the ONNX graph builder of {@code bundles/onnx} reads
 * only checkpoint files, so the dict is written to a temporary {@code .pth} ({@link TorchStateDictWriter}) and the
 * graph built from it in the same temporary folder, both deleted after the trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AudioPipelineBenchmark {
    /** Clips per file, as upstream samples them. */
    public static final int CLIPS = AudioPreprocessor.CLIPS;

    private Path dir;
    private Path wav;
    private final AudioPreprocessor preprocessor = new AudioPreprocessor();
    private SourceAudio decoded;
    private float[] clips;

    /** The released-size audio graph in an ONNX Runtime session (only the benchmarks that run the trunk build it). */
    @State(Scope.Benchmark)
    public static class Model {
        @Param({"2"})
        public int threads;

        private Path dir;
        EncoderSession session;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dir = Files.createTempDirectory("bindery-bench-audio-model");
            try {
                Path pth = dir.resolve("imagebind_audio_random.pth");
                TorchStateDictWriter.write(pth, RandomStateDicts.audio(17));
                Path graph = new TrunkModelFiles(pth, dir.resolve("onnx"), null).ensure(TrunkModality.AUDIO);
                Files.delete(pth); // the graph holds its own copy of the weights
                session = EncoderSession.open(graph, SessionSettings.of(SessionSettings.CPU, threads));
            } catch (IOException | RuntimeException | Error e) {
                deleteTree(dir); // a failed trial gets no tear-down: do not leave ~700 MB behind
                throw e;
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            session.close();
            deleteTree(dir);
        }
    }

    /** Clips fresh from the resampler: the filterbank subtracts each clip's mean in place. */
    @State(Scope.Thread)
    public static class FreshClips {
        ClipWaveforms clips;

        @Setup(Level.Invocation)
        public void setUp(AudioPipelineBenchmark bench) {
            clips = bench.preprocessor.resample(bench.decoded);
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("bindery-bench-audio");
        wav = SyntheticInputs.wav(dir.resolve("chirp_44k1_stereo.wav"));
        decoded = preprocessor.decode(wav);
        clips = preprocessor.preprocess(wav);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        deleteTree(dir);
    }

    /** The whole path of one file: three clips preprocessed, encoded in one batch, their embeddings averaged. */
    @Benchmark
    public float[] file(Model model) throws Exception {
        float[] input = preprocessor.preprocess(wav);
        EncoderSession.Outputs out = model.session.run(input, CLIPS);
        float[] mean = new float[out.dim()];
        for (int c = 0; c < CLIPS; c++) {
            float[] row = out.embeddingRow(c);
            for (int j = 0; j < mean.length; j++) {
                mean[j] += row[j] / CLIPS;
            }
        }
        return mean;
    }

    /** Stage: WAV header, clip plan and the source frames the clips need. */
    @Benchmark
    public SourceAudio decode() throws Exception {
        return preprocessor.decode(wav);
    }

    /** Stage: the clips' samples resampled to 16 kHz. */
    @Benchmark
    public ClipWaveforms resample() {
        return preprocessor.resample(decoded);
    }

    /** Stage: mean subtraction, Kaldi filterbank, padding to 204 frames and normalisation of the 3 clips. */
    @Benchmark
    public float[] fbank(FreshClips fresh) {
        return AudioPreprocessor.normalize(preprocessor.fbank(fresh.clips));
    }

    /** Stage: the audio trunk on the 3 clips of one file. */
    @Benchmark
    public EncoderSession.Outputs trunk(Model model) throws Exception {
        return model.session.run(clips, CLIPS);
    }

    static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
