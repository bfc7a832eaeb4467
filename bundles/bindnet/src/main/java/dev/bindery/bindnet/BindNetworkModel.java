package dev.bindery.bindnet;

import dev.bindery.api.ModelMismatchException;
import dev.bindery.bindnet.internal.StateDictFile;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.kernel.MatMul;
import dev.bindery.tensor.kernel.Matrix;
import dev.bindery.tensor.kernel.Parallel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A loaded bind network ({@code forward_visual}'s tail in ImageBind-LLM): {@code x = image_bind_proj(q)}, then for
 * each block {@code x = x + f2(silu(f1(n)) * f3(n))} with {@code n = RMSNorm(x)} (released layout) or
 * {@code LayerNorm(x)} (legacy layout, every linear with a bias). Float32 math in PyTorch's order of operations;
 * weight matrices stay in their storage format (or the quantised one asked for). Immutable and thread-safe; the
 * matrix products run on the given {@link Parallel} pool.
 */
public final class BindNetworkModel {
    private final String source;
    private final BindLayout layout;
    private final Matrix proj;
    private final float[] projBias;
    private final List<BindBlock> blocks;
    private final Parallel parallel;

    private BindNetworkModel(String source, BindWeightsReader.Parts parts, Parallel parallel) {
        this.source = source;
        this.layout = parts.layout();
        this.proj = parts.proj();
        this.projBias = parts.projBias();
        this.blocks = parts.blocks();
        this.parallel = parallel;
    }

    /**
     * Loads the bind network from a checkpoint file: a PyTorch zip checkpoint (a plain state dict or upstream's
     * {@code {'model': state_dict}}), a safetensors file or a GGUF file, recognised by content. Only the
     * {@code image_bind_*} tensors are read; the rest of an adapter checkpoint (LLaMA biases, LoRA, gates) is left
     * alone. Uses the {@link Parallel#common()} pool.
     *
     * @throws IOException            if the file cannot be read or is not a valid file of its format (naming the file)
     * @throws ModelMismatchException if a bind-network key is missing, misshaped, non-finite or unexpected (naming
     *                                the file and the key)
     */
    public static BindNetworkModel load(Path file, WeightFormat format) throws IOException, ModelMismatchException {
        return load(file, format, Parallel.common());
    }

    /** As {@link #load(Path, WeightFormat)} with an explicit pool for the matrix products. */
    public static BindNetworkModel load(Path file, WeightFormat format, Parallel parallel)
            throws IOException, ModelMismatchException {
        try (StateDictFile dict = StateDictFile.open(file)) {
            Map<String, TensorData> tensors = new LinkedHashMap<>();
            for (String name : dict.names()) {
                if (name.startsWith(BindWeightsReader.PREFIX)) {
                    tensors.put(name, dict.get(name));
                }
            }
            return fromStateDict(tensors, file.toString(), format, parallel);
        }
    }

    /**
     * Builds the network from state-dict tensors (keys other than {@code image_bind_*} are ignored).
     *
     * @param source names the origin in error messages
     * @throws ModelMismatchException naming the source and the key that does not fit
     */
    public static BindNetworkModel fromStateDict(Map<String, TensorData> tensors, String source, WeightFormat format,
                                                 Parallel parallel) throws ModelMismatchException {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(parallel, "parallel");
        BindWeightsReader.Parts parts = BindWeightsReader.read(tensors, source, format);
        return new BindNetworkModel(source, parts, parallel);
    }

    /** Where the weights came from (the file path, or the source given to {@link #fromStateDict}). */
    public String source() {
        return source;
    }

    public BindLayout layout() {
        return layout;
    }

    /** The query dimension: columns of {@code image_bind_proj.weight} (1024 released). */
    public int inputDimension() {
        return proj.cols();
    }

    /** The visual feature dimension: rows of {@code image_bind_proj.weight} (4096 released). */
    public int outputDimension() {
        return proj.rows();
    }

    /** The hidden width of the first block (16384 released). */
    public int hiddenDimension() {
        return blocks.get(0).hidden();
    }

    /** Number of residual blocks (3 upstream). */
    public int blockCount() {
        return blocks.size();
    }

    /** Bytes held by the weight matrices in their storage format (biases and norms not counted). */
    public long weightBytes() {
        long bytes = proj.byteSize();
        for (BindBlock b : blocks) {
            for (Matrix m : b.matrices()) {
                bytes += m.byteSize();
            }
        }
        return bytes;
    }

    /** The storage format of the block matrices (F32, F16, BF16, Q8_0, Q4_0). */
    public dev.bindery.tensor.DType weightType() {
        return blocks.get(0).matrices()[0].dtype();
    }

    /**
     * Maps one query to its visual feature.
     *
     * @throws IllegalArgumentException if the query's length is not {@link #inputDimension()}
     */
    public float[] project(float[] query) {
        return projectBatch(query, 1);
    }

    /**
     * Maps {@code n} queries at once ({@code queries} is {@code n x inputDimension()}, row-major) and returns
     * {@code n x outputDimension()} features: each weight matrix is read once for the whole batch.
     *
     * @throws IllegalArgumentException if {@code queries} does not hold exactly {@code n} queries
     */
    public float[] projectBatch(float[] queries, int n) {
        float[] x = projectInput(queries, n);
        for (BindBlock b : blocks) {
            b.apply(parallel, x, n);
        }
        return x;
    }

    /**
     * Every stage of one query's forward pass, for comparing with a reference: element 0 is the
     * {@code image_bind_proj} output, element {@code j} the output of block {@code j}; the last is the feature.
     */
    public List<float[]> trace(float[] query) {
        List<float[]> stages = new ArrayList<>();
        float[] x = projectInput(query, 1);
        stages.add(x.clone());
        for (BindBlock b : blocks) {
            b.apply(parallel, x, 1);
            stages.add(x.clone());
        }
        return stages;
    }

    private float[] projectInput(float[] queries, int n) {
        int in = inputDimension();
        int dim = outputDimension();
        if (n < 1 || queries.length != (long) n * in) {
            throw new IllegalArgumentException("the bind network of " + source + " takes " + in + "-d queries; got "
                    + queries.length + " values for " + n + " quer" + (n == 1 ? "y" : "ies"));
        }
        float[] x = new float[n * dim];
        MatMul.matMul(parallel, proj, queries, 0, n, x, 0);
        for (int i = 0; i < n; i++) {
            BindBlock.addBias(x, i * dim, projBias);
        }
        return x;
    }

    @Override
    public String toString() {
        return "bind network " + layout + " " + inputDimension() + " -> " + outputDimension() + " (hidden "
                + hiddenDimension() + ", " + blockCount() + " blocks, " + weightType() + ") from " + source;
    }
}
