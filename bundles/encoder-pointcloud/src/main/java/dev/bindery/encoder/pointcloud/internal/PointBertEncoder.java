package dev.bindery.encoder.pointcloud.internal;

import dev.bindery.api.BinderyException;
import dev.bindery.api.InvalidInputException;
import dev.bindery.api.ModelMismatchException;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.kernel.Activations;
import dev.bindery.tensor.kernel.Parallel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * ImageBind-LLM's 3-D encoder: Point-BERT ({@code PointTransformer}) with {@code pc_projection}, the point head
 * ({@code LayerNorm(eps 1e-6) -> Linear}) and the postprocessor (L2 normalisation times the point logit scale),
 * loaded from the point keys of an {@code imagebind_w3D.pth}-style state dict.
 *
 * <p>{@link #encode(ModelReadyCloud)} runs every stage; the stages are public so that a benchmark or a test can run
 * and time them one by one: {@link #group} (farthest-point centres, k nearest neighbours), {@link #encodeGroups}
 * (mini-PointNet), {@link #tokens} (reduce_dim, CLS, positional MLP), {@link #transform} (blocks and final
 * LayerNorm; Java by default, see {@link #withTransformer}), {@link #pool} ({@code [CLS, max]}), {@link #project},
 * {@link #head} and {@link #postprocess}. Thread-safe: weights are read-only and every call allocates its own
 * activations. The matrix products and the neighbour search run on one {@link Parallel} pool: the common kernel pool
 * unless {@link #withThreads} gives another.
 */
public final class PointBertEncoder {
    private final PointBertConfig config;
    private final MiniPointNet pointNet;
    private final Linear reduceDim;
    private final float[] clsToken;
    private final float[] clsPos;
    private final Linear posEmbed1;
    private final Linear posEmbed2;
    private final PointTransformer transformer;
    private final Linear projection;
    private final LayerNorm headNorm;
    private final Linear headLinear;
    private final float logitScale;
    private final int depth;
    private final String source;
    private final Parallel threads;

    PointBertEncoder(PointBertConfig config, MiniPointNet pointNet, Linear reduceDim, float[] clsToken, float[] clsPos,
                     Linear posEmbed1, Linear posEmbed2, PointTransformer transformer, Linear projection,
                     LayerNorm headNorm, Linear headLinear, float logitScale, int depth, String source,
                     Parallel threads) {
        this.config = config;
        this.pointNet = pointNet;
        this.reduceDim = reduceDim;
        this.clsToken = clsToken;
        this.clsPos = clsPos;
        this.posEmbed1 = posEmbed1;
        this.posEmbed2 = posEmbed2;
        this.transformer = transformer;
        this.projection = projection;
        this.headNorm = headNorm;
        this.headLinear = headLinear;
        this.logitScale = logitScale;
        this.depth = depth;
        this.source = source;
        this.threads = threads;
    }

    /**
     * Loads the point keys of a {@code torch.save} checkpoint (the full ImageBind-with-3D file or one holding only
     * the point keys); the other tensors are not read.
     *
     * @throws IOException            if the file cannot be read as a torch checkpoint
     * @throws ModelMismatchException if a point key is missing or misshaped (the message names file and key)
     */
    public static PointBertEncoder load(Path checkpoint, PointBertConfig config)
            throws IOException, ModelMismatchException {
        return fromStateDict(PointBertLoader.pointKeys(checkpoint), config, checkpoint.toString());
    }

    /**
     * Builds the encoder from a state dict with ImageBind's key names (reference.md §2.4).
     *
     * @param source names the state dict in error messages
     * @throws ModelMismatchException if a key is missing or misshaped
     */
    public static PointBertEncoder fromStateDict(Map<String, TensorData> stateDict, PointBertConfig config,
                                                 String source) throws ModelMismatchException {
        return PointBertLoader.build(new StateDict(stateDict, source), config);
    }

    /** The same encoder running its transformer part on {@code transformer} (for example ONNX Runtime). */
    public PointBertEncoder withTransformer(PointTransformer transformer) {
        return new PointBertEncoder(config, pointNet, reduceDim, clsToken, clsPos, posEmbed1, posEmbed2,
                Objects.requireNonNull(transformer, "transformer"), projection, headNorm, headLinear, logitScale, depth,
                source, threads);
    }

    /**
     * The same encoder running on {@code pool}'s threads (the Java transformer too; a substituted transformer keeps
     * its own threading). The caller owns the pool and closes it after the encoder's last call.
     */
    public PointBertEncoder withThreads(Parallel pool) {
        Objects.requireNonNull(pool, "pool");
        PointTransformer t = transformer instanceof JavaPointTransformer java ? java.withPool(pool) : transformer;
        return new PointBertEncoder(config, pointNet, reduceDim, clsToken, clsPos, posEmbed1, posEmbed2, t, projection,
                headNorm, headLinear, logitScale, depth, source, pool);
    }

    /** The number of threads one call uses. */
    public int threads() {
        return threads.threads();
    }

    /** The hyper-parameters given at load time. */
    public PointBertConfig config() {
        return config;
    }

    /** The transformer width (trans_dim). */
    public int transDim() {
        return clsToken.length;
    }

    /** The mini-PointNet output width (encoder_dims). */
    public int encoderDims() {
        return pointNet.outDim();
    }

    /** The number of transformer blocks. */
    public int depth() {
        return depth;
    }

    /** The embedding dimension. */
    public int outputDim() {
        return headLinear.out();
    }

    /**
     * Encodes a model-ready cloud (see {@link PointCloudPreprocessor}).
     *
     * @throws InvalidInputException if the cloud has fewer points than the group size or a non-finite coordinate
     * @throws BinderyException      if a substituted transformer fails
     */
    public PointEmbedding encode(ModelReadyCloud cloud) throws BinderyException {
        return encode(cloud.points(), cloud.size());
    }

    /** Encodes {@code n} interleaved points that are already model-ready; see {@link #encode(ModelReadyCloud)}. */
    public PointEmbedding encode(float[] xyz, int n) throws BinderyException {
        return trace(xyz, n).result();
    }

    /**
     * As {@link #encode(float[], int)}, keeping every intermediate.
     *
     * @throws InvalidInputException if the cloud has fewer points than the group size or a non-finite coordinate
     * @throws BinderyException      if a substituted transformer fails
     */
    public PointBertTrace trace(float[] xyz, int n) throws BinderyException {
        if (n < config.groupSize() || xyz.length < 3L * n) {
            throw new InvalidInputException("point cloud of " + n + " points: the encoder needs at least "
                    + config.groupSize() + " (use PointCloudPreprocessor.modelReady)");
        }
        for (int i = 0; i < 3 * n; i++) {
            if (!Float.isFinite(xyz[i])) {
                throw new InvalidInputException("point cloud: point " + i / 3 + " has a non-finite coordinate");
            }
        }
        PointGroups groups = group(xyz, n);
        float[] features = encodeGroups(groups);
        TransformerInput in = tokens(groups, features);
        float[] normOut = transform(in);
        float[] feature = pool(normOut, in.tokens());
        float[] pcEmbed = project(feature);
        float[] prenorm = head(pcEmbed);
        return new PointBertTrace(groups, features, in, normOut, feature, pcEmbed,
                new PointEmbedding(prenorm, postprocess(prenorm)));
    }

    /** Stage: Point-BERT's grouping ({@link PointGrouping}) with this configuration. */
    public PointGroups group(float[] xyz, int n) {
        return PointGrouping.group(threads, xyz, n, config.numGroups(), config.groupSize());
    }

    /** Stage: the mini-PointNet feature of every group, (G x encoder_dims). */
    public float[] encodeGroups(PointGroups groups) {
        return pointNet.encode(threads, groups.neighbourhoods(), groups.numGroups(), groups.groupSize());
    }

    /** Stage: the transformer inputs, {@code x = [cls_token, reduce_dim(f)]}, {@code pos = [cls_pos, mlp(centres)]}. */
    public TransformerInput tokens(PointGroups groups, float[] groupFeatures) {
        int g = groups.numGroups();
        int d = transDim();
        float[] x = new float[(g + 1) * d];
        System.arraycopy(clsToken, 0, x, 0, d);
        reduceDim.apply(threads, groupFeatures, 0, g, x, d);
        float[] hidden = posEmbed1.apply(threads, groups.centres(), g);
        Activations.gelu(hidden, 0, hidden.length);
        float[] pos = new float[(g + 1) * d];
        System.arraycopy(clsPos, 0, pos, 0, d);
        posEmbed2.apply(threads, hidden, 0, g, pos, d);
        return new TransformerInput(x, pos, g + 1, d);
    }

    /** Stage: the blocks and the final LayerNorm, (tokens x dim). */
    public float[] transform(TransformerInput in) throws BinderyException {
        float[] out = transformer.apply(in.x(), in.pos(), in.tokens(), in.dim());
        if (out == null || out.length != in.tokens() * in.dim()) {
            throw new BinderyException("point transformer " + transformer + " returned "
                    + (out == null ? "nothing" : out.length + " values") + " for " + in.tokens() + " x " + in.dim()
                    + " tokens");
        }
        return out;
    }

    /** Stage: {@code concat(x[0], max over tokens 1..)} of the final LayerNorm output, (2 dim). */
    public float[] pool(float[] normOut, int tokens) {
        int d = transDim();
        float[] feature = new float[2 * d];
        System.arraycopy(normOut, 0, feature, 0, d);
        for (int j = 0; j < d; j++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int t = 1; t < tokens; t++) {
                max = Math.max(max, normOut[t * d + j]);
            }
            feature[d + j] = max;
        }
        return feature;
    }

    /** Stage: {@code feature @ pc_projection}. */
    public float[] project(float[] feature) {
        return projection.apply(threads, feature, 1);
    }

    /** Stage: the point head, {@code Linear(LayerNorm(pc_embed))} (the prenorm embedding). */
    public float[] head(float[] pcEmbed) {
        return headLinear.apply(threads, headNorm.apply(pcEmbed, 1), 1);
    }

    /** Stage: {@code F.normalize(x, dim=-1)} (norm floored at 1e-12) times the point logit scale. */
    public float[] postprocess(float[] prenorm) {
        double sum = 0;
        for (float v : prenorm) {
            sum += (double) v * v;
        }
        double norm = Math.max(Math.sqrt(sum), 1e-12);
        float[] out = new float[prenorm.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (prenorm[i] / norm) * logitScale;
        }
        return out;
    }

    @Override
    public String toString() {
        return "PointBertEncoder[" + source + ", dim " + transDim() + ", depth " + depth + ", heads "
                + config.numHeads() + ", out " + outputDim() + "]";
    }
}
