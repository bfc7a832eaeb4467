package dev.bindery.bench;

import dev.bindery.encoder.pointcloud.internal.ModelReadyCloud;
import dev.bindery.encoder.pointcloud.internal.PointBertConfig;
import dev.bindery.encoder.pointcloud.internal.PointBertEncoder;
import dev.bindery.encoder.pointcloud.internal.PointCloud;
import dev.bindery.encoder.pointcloud.internal.PointCloudPreprocessor;
import dev.bindery.encoder.pointcloud.internal.PointCloudReader;
import dev.bindery.encoder.pointcloud.internal.PointGroups;
import dev.bindery.encoder.pointcloud.internal.TransformerInput;
import dev.bindery.tensor.kernel.Parallel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The point-cloud encoder at the released Point-BERT size (trans_dim 384, depth 12, 6 heads, encoder_dims 256, 512
 * groups of 32; random weights built in memory as a state dict) on a 10,000-point binary PLY: {@link #cloud} is the
 * whole service path (read, model-ready cloud, encoder; {@link BenchMain} reports it as clouds/s), and each stage
 * has its own benchmark so the slow one is visible: {@link #read}, {@link #sampling} (farthest point sampling to
 * 8192 and pc_normalize), {@link #grouping} (512 FPS centres, 32-NN), {@link #pointNet} (mini-PointNet) and
 * {@link #transformer} (12 blocks, final LayerNorm). Everything after reading runs on one pool of
 * {@link #threads} threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PointPipelineBenchmark {
    @Param({"2"})
    public int threads;

    private Path dir;
    private Path ply;
    private Parallel pool;
    private PointBertEncoder encoder;
    private PointCloud cloud;
    private ModelReadyCloud ready;
    private PointGroups groups;
    private float[] features;
    private TransformerInput tokens;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("bindery-bench-point");
        ply = SyntheticInputs.ply(dir.resolve("torus.ply"));
        pool = new Parallel(threads, "bench-point");
        encoder = PointBertEncoder.fromStateDict(RandomStateDicts.pointBert(3), PointBertConfig.RELEASED,
                "random released-size Point-BERT").withThreads(pool);
        cloud = PointCloudReader.read(ply);
        ready = PointCloudPreprocessor.modelReady(cloud);
        groups = encoder.group(ready.points(), ready.size());
        features = encoder.encodeGroups(groups);
        tokens = encoder.tokens(groups, features);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        pool.close();
        Files.deleteIfExists(ply);
        Files.deleteIfExists(dir);
    }

    /** The whole path of one point file: read, model-ready cloud, encoder. */
    @Benchmark
    public float[] cloud() throws Exception {
        return encoder.encode(PointCloudPreprocessor.modelReady(PointCloudReader.read(ply))).embedding();
    }

    /** Stage: parsing the PLY file. */
    @Benchmark
    public PointCloud read() throws Exception {
        return PointCloudReader.read(ply);
    }

    /** Stage: the model-ready cloud (float32, FPS 10,000 -> 8192, pc_normalize). */
    @Benchmark
    public ModelReadyCloud sampling() throws Exception {
        return PointCloudPreprocessor.modelReady(cloud);
    }

    /** Stage: Point-BERT's grouping (FPS to 512 centres, 32 nearest neighbours, centred neighbourhoods). */
    @Benchmark
    public PointGroups grouping() {
        return encoder.group(ready.points(), ready.size());
    }

    /** Stage: the mini-PointNet over the 512 groups. */
    @Benchmark
    public float[] pointNet() {
        return encoder.encodeGroups(groups);
    }

    /** Stage: the 12 transformer blocks and the final LayerNorm over 513 tokens. */
    @Benchmark
    public float[] transformer() throws Exception {
        return encoder.transform(tokens);
    }
}
