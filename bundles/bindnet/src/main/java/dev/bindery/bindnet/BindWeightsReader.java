package dev.bindery.bindnet;

import dev.bindery.api.ModelMismatchException;
import dev.bindery.tensor.DType;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.kernel.Matrices;
import dev.bindery.tensor.kernel.Matrix;
import dev.bindery.tensor.quant.Quantizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the {@code image_bind_*} tensors of a state dict against one of the two layouts and turns them into
 * kernels. Every dimension comes from the shapes ({@code image_bind_proj.weight} is {@code (dim, in)},
 * {@code image_bind_f1_j.weight} is {@code (hidden, dim)}); anything missing, misshaped, non-finite or left over is
 * refused with a message naming the source and the key, as upstream's strict loader would.
 */
final class BindWeightsReader {
    static final String PREFIX = "image_bind_";

    private final Map<String, TensorData> tensors;
    private final String source;
    private final WeightFormat format;
    private final Set<String> used = new HashSet<>();

    private BindWeightsReader(Map<String, TensorData> tensors, String source, WeightFormat format) {
        this.tensors = tensors;
        this.source = source;
        this.format = format;
    }

    /** The parts of a bind network read from {@code tensors}. */
    record Parts(BindLayout layout, Matrix proj, float[] projBias, List<BindBlock> blocks) {
    }

    static Parts read(Map<String, TensorData> tensors, String source, WeightFormat format) throws ModelMismatchException {
        return new BindWeightsReader(tensors, source, format).read();
    }

    private Parts read() throws ModelMismatchException {
        if (!tensors.containsKey("image_bind_proj.weight")) {
            throw mismatch("image_bind_proj.weight", "is missing: this is not an ImageBind-LLM adapter checkpoint"
                    + " (no bind network keys)");
        }
        BindLayout layout = tensors.containsKey("image_bind_norm_1.bias") ? BindLayout.LAYER_NORM : BindLayout.RMS_NORM;
        TensorData projWeight = tensor("image_bind_proj.weight");
        requireRank(projWeight, 2);
        int dim = (int) projWeight.dim(0);
        if (projWeight.dim(0) <= 0 || projWeight.dim(1) <= 0) {
            throw mismatch("image_bind_proj.weight", "has an empty shape " + Arrays.toString(projWeight.shape()));
        }
        Matrix proj = matrix(projWeight);
        float[] projBias = vector("image_bind_proj.bias", dim);
        List<BindBlock> blocks = new ArrayList<>();
        for (int j = 1; tensors.containsKey("image_bind_norm_" + j + ".weight"); j++) {
            blocks.add(block(layout, j, dim));
        }
        if (blocks.isEmpty()) {
            throw mismatch("image_bind_norm_1.weight", "is missing: the bind network needs at least one block");
        }
        for (String key : tensors.keySet()) {
            if (key.startsWith(PREFIX) && !used.contains(key)) {
                throw mismatch(key, "is not part of a " + layout + " bind network with " + blocks.size()
                        + " blocks (upstream refuses unexpected keys)");
            }
        }
        return new Parts(layout, proj, projBias, List.copyOf(blocks));
    }

    private BindBlock block(BindLayout layout, int j, int dim) throws ModelMismatchException {
        String f1Key = "image_bind_f1_" + j + ".weight";
        TensorData f1 = tensor(f1Key);
        requireRank(f1, 2);
        long hidden = f1.dim(0);
        requireShape(f1, hidden, dim);
        TensorData f3 = tensor("image_bind_f3_" + j + ".weight");
        requireShape(f3, hidden, dim);
        TensorData f2 = tensor("image_bind_f2_" + j + ".weight");
        requireShape(f2, dim, hidden);
        float[] normWeight = vector("image_bind_norm_" + j + ".weight", dim);
        float[] normBias = null;
        float[] f1Bias = null;
        float[] f2Bias = null;
        float[] f3Bias = null;
        if (layout.hasBiases()) {
            normBias = vector("image_bind_norm_" + j + ".bias", dim);
            f1Bias = vector("image_bind_f1_" + j + ".bias", (int) hidden);
            f2Bias = vector("image_bind_f2_" + j + ".bias", dim);
            f3Bias = vector("image_bind_f3_" + j + ".bias", (int) hidden);
        }
        return new BindBlock(layout, normWeight, normBias, matrix(f1), f1Bias, matrix(f2), f2Bias, matrix(f3), f3Bias);
    }

    private TensorData tensor(String key) throws ModelMismatchException {
        TensorData t = tensors.get(key);
        if (t == null) {
            throw mismatch(key, "is missing");
        }
        used.add(key);
        return t;
    }

    private float[] vector(String key, int length) throws ModelMismatchException {
        TensorData t = tensor(key);
        requireShape(t, length);
        if (!t.dtype().isFloatingPoint() && !t.dtype().isQuantized()) {
            throw mismatch(key, "has dtype " + t.dtype() + ", not a floating-point type");
        }
        float[] v = t.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw mismatch(key, "holds the non-finite value " + v[i] + " at index " + i);
            }
        }
        return v;
    }

    private Matrix matrix(TensorData t) throws ModelMismatchException {
        DType dtype = t.dtype();
        if (!dtype.isFloatingPoint() && !dtype.isQuantized()) {
            throw mismatch(t.name(), "has dtype " + dtype + ", not a weight format");
        }
        Matrix m;
        try {
            TensorData stored = t;
            if (format.target() != null && dtype != format.target()) {
                if (t.dim(1) % format.target().blockSize() != 0) {
                    throw mismatch(t.name(), "has " + t.dim(1) + " columns, not a multiple of "
                            + format.target().blockSize() + ": it cannot be quantised to " + format.target());
                }
                stored = Quantizer.quantize(t, format.target());
            }
            m = Matrices.of(stored);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw mismatch(t.name(), "cannot be used as a weight matrix: " + e.getMessage(), e);
        }
        requireFinite(t.name(), m);
        return m;
    }

    /** Upstream's float32 weights cannot hold NaN in a working checkpoint: one means a damaged file. */
    private void requireFinite(String key, Matrix m) throws ModelMismatchException {
        float[] row = new float[m.cols()];
        for (int r = 0; r < m.rows(); r++) {
            m.getRow(r, row, 0);
            for (int c = 0; c < row.length; c++) {
                if (!Float.isFinite(row[c])) {
                    throw mismatch(key, "holds the non-finite value " + row[c] + " at [" + r + ", " + c + "]");
                }
            }
        }
    }

    private void requireRank(TensorData t, int rank) throws ModelMismatchException {
        if (t.rank() != rank) {
            throw mismatch(t.name(), "has shape " + Arrays.toString(t.shape()) + ", expected rank " + rank);
        }
    }

    private void requireShape(TensorData t, long... expected) throws ModelMismatchException {
        if (!Arrays.equals(t.shape(), expected)) {
            throw mismatch(t.name(), "has shape " + Arrays.toString(t.shape()) + ", expected "
                    + Arrays.toString(expected) + " (from image_bind_proj.weight and image_bind_f1_*.weight)");
        }
    }

    private ModelMismatchException mismatch(String key, String problem) {
        return new ModelMismatchException(source + ": tensor '" + key + "' " + problem);
    }

    private ModelMismatchException mismatch(String key, String problem, Throwable cause) {
        return new ModelMismatchException(source + ": tensor '" + key + "' " + problem, cause);
    }
}
