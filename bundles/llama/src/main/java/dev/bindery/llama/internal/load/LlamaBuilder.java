package dev.bindery.llama.internal.load;

import dev.bindery.api.ModelMismatchException;
import dev.bindery.llama.internal.load.TensorNames.Projection;
import dev.bindery.llama.internal.model.Linear;
import dev.bindery.llama.internal.model.Llama;
import dev.bindery.llama.internal.model.LlamaConfig;
import dev.bindery.llama.internal.model.LlamaLayer;
import dev.bindery.llama.internal.model.VisualAdapter;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.kernel.Matrices;
import dev.bindery.tensor.kernel.Matrix;
import dev.bindery.tensor.kernel.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a {@link WeightSet} into a {@link Llama}, checking every tensor by name against the configuration. Weight
 * matrices keep their storage format ({@link Matrices#of}); vectors (norms, biases, gates, prefix queries) become
 * float32.
 *
 * <p>What is required: the LLaMA weights of every layer. The fine-tune (ImageBind-LLM's finetune phase) is all or
 * nothing: as soon as one bias or LoRA factor is present, every layer must have the biases of wq, wo, w1, w2, w3 and
 * both LoRA factors of all seven projections. The visual adapter needs {@code adapter.prefix_query.weight} with
 * {@code query_layer} rows (at most the layer count) and the gates of the last {@code query_layer} layers, which it
 * serves, as upstream's {@code forward_inference} does.
 */
public final class LlamaBuilder {
    private LlamaBuilder() {
    }

    /**
     * @param contextLength the most positions one request may use
     * @param parallel      the pool every product of the model runs on
     * @throws ModelMismatchException naming the tensor that is missing, misshaped, not a weight format, or holds a
     *                                NaN or infinity (vectors only)
     */
    public static Llama build(WeightSet ws, int contextLength, Parallel parallel) throws ModelMismatchException {
        LlamaConfig c = ws.config();
        int dim = c.dim();
        Matrix embedding = matrix(ws, TensorNames.TOKEN_EMBEDDING, c.vocabSize(), dim);
        Matrix output = matrix(ws, TensorNames.OUTPUT, c.vocabSize(), dim);
        float[] norm = vector(ws, ws.require(TensorNames.OUTPUT_NORM, dim), TensorNames.OUTPUT_NORM);

        boolean finetune = hasFinetune(ws);
        TensorData prefix = ws.optional(TensorNames.PREFIX_QUERY);
        int queryLayers = 0;
        float[] prefixValues = null;
        if (prefix != null) {
            queryLayers = (int) prefix.dim(0);
            if (prefix.rank() != 2 || prefix.dim(1) != dim || queryLayers < 1 || queryLayers > c.nLayers()) {
                throw new ModelMismatchException(ws.source() + ": tensor " + ws.describe(TensorNames.PREFIX_QUERY)
                        + " has shape " + Arrays.toString(prefix.shape()) + ", expected (query_layer, "
                        + dim + ") with 1 <= query_layer <= " + c.nLayers() + " for " + c);
            }
            prefixValues = vector(ws, prefix, TensorNames.PREFIX_QUERY);
        }
        List<LlamaLayer> layers = new ArrayList<>(c.nLayers());
        for (int l = 0; l < c.nLayers(); l++) {
            VisualAdapter adapter = null;
            int q = l - (c.nLayers() - queryLayers);
            if (prefixValues != null && q >= 0) {
                float[] row = Arrays.copyOfRange(prefixValues, q * dim, (q + 1) * dim);
                adapter = VisualAdapter.of(row, gate(ws, l, c.nHeads()));
            } else if (prefixValues == null && ws.contains(TensorNames.gate(l))) {
                throw new ModelMismatchException(ws.source() + ": tensor " + ws.describe(TensorNames.gate(l))
                        + " is present but " + TensorNames.PREFIX_QUERY + " (prefix_query.weight) is missing");
            }
            layers.add(new LlamaLayer(
                    vector(ws, ws.require(TensorNames.attentionNorm(l), dim), TensorNames.attentionNorm(l)),
                    linear(ws, l, Projection.Q, dim, dim, finetune),
                    linear(ws, l, Projection.K, c.kvDim(), dim, finetune),
                    linear(ws, l, Projection.V, c.kvDim(), dim, finetune),
                    linear(ws, l, Projection.O, dim, dim, finetune),
                    vector(ws, ws.require(TensorNames.ffnNorm(l), dim), TensorNames.ffnNorm(l)),
                    linear(ws, l, Projection.GATE, c.hiddenDim(), dim, finetune),
                    linear(ws, l, Projection.DOWN, dim, c.hiddenDim(), finetune),
                    linear(ws, l, Projection.UP, c.hiddenDim(), dim, finetune),
                    adapter));
        }
        try {
            return new Llama(c, embedding, layers, norm, output, contextLength, parallel);
        } catch (IllegalArgumentException e) {
            throw new ModelMismatchException(ws.source() + ": " + e.getMessage(), e);
        }
    }

    /** Whether any bias or LoRA factor is present (ImageBind-LLM's finetune phase). */
    static boolean hasFinetune(WeightSet ws) {
        for (String name : ws.tensors().keySet()) {
            if (name.startsWith("blk.") && (name.endsWith(".bias") || name.endsWith(".lora_a")
                    || name.endsWith(".lora_b"))) {
                return true;
            }
        }
        return false;
    }

    private static Linear linear(WeightSet ws, int l, Projection p, int out, int in, boolean finetune)
            throws ModelMismatchException {
        Matrix weight = matrix(ws, TensorNames.weight(l, p), out, in);
        float[] bias = null;
        Matrix a = null;
        Matrix b = null;
        if (finetune) {
            if (p.hasFinetuneBias()) {
                bias = vector(ws, ws.require(TensorNames.bias(l, p), out), TensorNames.bias(l, p));
            }
            TensorData la = ws.require(TensorNames.loraA(l, p));
            if (la.rank() != 2 || la.dim(1) != in || la.dim(0) < 1) {
                throw new ModelMismatchException(ws.source() + ": tensor " + ws.describe(TensorNames.loraA(l, p))
                        + " has shape " + Arrays.toString(la.shape()) + ", expected (rank, " + in + ") for " + ws.config());
            }
            int rank = (int) la.dim(0);
            a = matrixOf(ws, TensorNames.loraA(l, p), la);
            b = matrixOf(ws, TensorNames.loraB(l, p), ws.require(TensorNames.loraB(l, p), out, rank));
        }
        return new Linear(weight, bias, a, b);
    }

    private static float[] gate(WeightSet ws, int l, int heads) throws ModelMismatchException {
        String name = TensorNames.gate(l);
        TensorData g = ws.require(name);
        if (g.numel() != heads) {
            throw new ModelMismatchException(ws.source() + ": tensor " + ws.describe(name) + " has shape "
                    + Arrays.toString(g.shape()) + ", expected one gate per head (" + heads + ")");
        }
        return vector(ws, g, name);
    }

    private static Matrix matrix(WeightSet ws, String name, int rows, int cols) throws ModelMismatchException {
        return matrixOf(ws, name, ws.require(name, rows, cols));
    }

    private static Matrix matrixOf(WeightSet ws, String name, TensorData t) throws ModelMismatchException {
        try {
            return Matrices.of(t);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ModelMismatchException(ws.source() + ": tensor " + ws.describe(name) + ": " + e.getMessage(), e);
        }
    }

    private static float[] vector(WeightSet ws, TensorData t, String name) throws ModelMismatchException {
        if (!t.dtype().isFloatingPoint()) {
            throw new ModelMismatchException(ws.source() + ": tensor " + ws.describe(name) + " is " + t.dtype()
                    + ", not floating point");
        }
        float[] v = t.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new ModelMismatchException(ws.source() + ": tensor " + ws.describe(name) + " holds " + v[i]
                        + " at element " + i);
            }
        }
        return v;
    }
}
