package dev.bindery.onnx.imagebind;

import dev.bindery.onnx.Attribute;
import dev.bindery.onnx.ElementType;
import dev.bindery.onnx.GraphBuilder;
import dev.bindery.onnx.TensorSource;
import dev.bindery.tensor.io.FormatException;
import java.io.IOException;
import java.util.List;

/**
 * Builds one modality's encoder graph as upstream {@code ImageBindModel.forward} computes it for that modality:
 * preprocessor (stem, CLS, positional table), trunk ({@code SimpleTransformer}: optional pre-LayerNorm, pre-norm
 * blocks of {@code nn.MultiheadAttention} with packed in-projection and optional {@code bias_k/bias_v} token, exact
 * GELU MLP), head (LayerNorm, token select, projection) and postprocessor (L2 normalise, logit scale).
 */
final class TrunkGraph {
    /** LayerNorm epsilon of blocks, the vision pre-LayerNorm and heads. */
    static final float BLOCK_EPS = 1e-6f;
    /** LayerNorm epsilon of the audio/depth/thermal/IMU stems ({@code nn.LayerNorm} default). */
    static final float STEM_EPS = 1e-5f;
    /** Upper clamp of the logit scale ({@code LearnableLogitScaling.max_logit_scale}). */
    static final float MAX_LOGIT_SCALE = 100f;

    private final GraphBuilder g;
    private final CheckpointWeights w;
    private final TrunkSpec spec;
    private final TrunkModality m;
    private String batchShape3;
    private String batchShape4;

    TrunkGraph(GraphBuilder g, CheckpointWeights w, TrunkSpec spec) {
        this.g = g;
        this.w = w;
        this.spec = spec;
        this.m = spec.modality();
    }

    /** Adds inputs, nodes and the outputs {@code embedding} and {@code prenorm} (and optionally intermediates). */
    void build(boolean intermediates) throws IOException {
        String input = declareInput();
        batchShape3 = g.concat(0, g.shape(input, 0, 1), g.constantLongs(1, 1));
        batchShape4 = g.concat(0, g.shape(input, 0, 1), g.constantLongs(1, 1, 1));
        String tokens = tokens(input);
        String x = tokens;
        if (m == TrunkModality.VISION) {
            x = layerNorm(x, m.trunkKey("pre_transformer_layer.0"), BLOCK_EPS);
        }
        String mask = m == TrunkModality.TEXT ? causalMask() : null;
        if (mask != null && !intermediates && !spec.biasKv()) {
            // Under the causal mask no position sees a later one, and the head reads only the pooled position
            // (argmax of the ids, the end-of-text token): positions after the batch's last pooled one cannot change
            // the embedding. Running the blocks on the prefix up to it gives the same numbers for a fraction of the
            // work (a short caption is ~15 of the 77 positions). The intermediates graph keeps all 77 rows.
            String length = g.reshape(g.add(g.node("ReduceMax", List.of(pooledPosition(input)),
                    Attribute.of("keepdims", 0L)), g.scalarLong(1)), 1);
            x = g.node("Slice", List.of(x, g.constantLongs(0), length, g.constantLongs(1)));
            mask = g.node("Slice", List.of(mask, g.constantLongs(0, 0), g.concat(0, length, length),
                    g.constantLongs(0, 1)));
        }
        for (int b = 0; b < spec.blocks(); b++) {
            x = block(x, b, mask);
        }
        String trunkOut = x;
        String prenorm = head(trunkOut, input);
        String embedding = postprocess(prenorm);
        g.output(g.identity(embedding, "embedding"), ElementType.FLOAT, "batch", (long) spec.outputDim());
        g.output(g.identity(prenorm, "prenorm"), ElementType.FLOAT, "batch", (long) spec.outputDim());
        if (intermediates) {
            g.output(g.identity(tokens, "tokens"), ElementType.FLOAT, "batch", (long) spec.tokens(),
                    (long) spec.width());
            g.output(g.identity(trunkOut, "trunk_out"), ElementType.FLOAT, "batch", (long) spec.tokens(),
                    (long) spec.width());
        }
    }

    private String declareInput() {
        long[] item = spec.inputShape();
        Object[] dims = new Object[item.length + 1];
        dims[0] = "batch";
        for (int i = 0; i < item.length; i++) {
            dims[i + 1] = item[i];
        }
        ElementType type = m == TrunkModality.TEXT ? ElementType.INT64 : ElementType.FLOAT;
        return g.input(m.inputName(), type, dims);
    }

    /** The trunk's input tokens: stem, CLS token, positional table ({@code output['trunk']['tokens']}). */
    private String tokens(String input) throws IOException {
        int d = spec.width();
        String x;
        switch (m) {
            case TEXT -> {
                String table = param(m.stemWeightKey());
                x = g.gather(table, input, 0);
            }
            case IMU -> {
                // unfold(-1, k, k) -> (B, C, windows, k); permute(0, 2, 1, 3); reshape (B, windows, C * k)
                String windows = g.reshape(input, 0, TrunkSpec.IMU_CHANNELS, -1, spec.kernel());
                String perWindow = g.reshape(g.transpose(windows, 0, 2, 1, 3), 0, 0,
                        (long) TrunkSpec.IMU_CHANNELS * spec.kernel());
                x = g.matMul(perWindow, transposed(m.stemWeightKey()));
            }
            case VISION -> {
                // Conv3d (kernel = stride = (T, k, k)) over a (B, C, T, H, W) clip with one temporal patch equals a
                // Conv2d over the clip read as (B, C*T, H, W) with the weight (out, C, T, k, k) read as
                // (out, C*T, k, k): both flatten (c, t) in the same order.
                long[] in = spec.inputShape();
                long channels = in[0] * in[1];
                String frames = g.reshape(input, 0, channels, in[2], in[3]);
                String weight = g.initializer(m.stemWeightKey(), ElementType.FLOAT,
                        new long[] {d, channels, spec.kernel(), spec.kernel()}, w.asStored(m.stemWeightKey()));
                String grid = g.conv(frames, weight, new long[] {spec.kernel(), spec.kernel()},
                        new long[] {spec.stride(), spec.stride()});
                x = g.transpose(g.reshape(grid, 0, d, -1), 0, 2, 1);
            }
            default -> {
                String weight = param(m.stemWeightKey());
                String grid = g.conv(input, weight, new long[] {spec.kernel(), spec.kernel()},
                        new long[] {spec.stride(), spec.stride()});
                // "b c h w -> b (h w) c"
                x = g.transpose(g.reshape(grid, 0, d, -1), 0, 2, 1);
            }
        }
        if (m.stemNormKey() != null) {
            x = layerNorm(x, m.stemNormKey(), STEM_EPS);
        }
        if (m.clsTokenKey() != null) {
            w.expect(m.clsTokenKey(), 1, 1, d);
            x = g.concat(1, g.expand(param(m.clsTokenKey()), batchShape3), x);
        }
        return g.add(x, param(m.posEmbedKey()));
    }

    /** {@code BlockWithMasking}: {@code x + attn(LN1(x))}, then {@code x + mlp(LN2(x))}. */
    private String block(String x, int b, String mask) throws IOException {
        String p = "blocks." + b + ".";
        int d = spec.width();
        int h = spec.heads();
        int hd = d / h;
        w.expect(m.trunkKey(p + "attn.in_proj_weight"), 3L * d, d);
        String normed = layerNorm(x, m.trunkKey(p + "norm_1"), BLOCK_EPS);
        String qkv = g.linear(normed, transposed(m.trunkKey(p + "attn.in_proj_weight")),
                param(m.trunkKey(p + "attn.in_proj_bias")));
        List<String> parts = g.split(qkv, -1, 3);
        // (B, L, d) -> (B, H, L, hd); keys straight to (B, H, hd, L) for q . k^T
        String q = g.transpose(g.reshape(parts.get(0), 0, 0, h, hd), 0, 2, 1, 3);
        String kT = g.transpose(g.reshape(parts.get(1), 0, 0, h, hd), 0, 2, 3, 1);
        String v = g.transpose(g.reshape(parts.get(2), 0, 0, h, hd), 0, 2, 1, 3);
        if (spec.biasKv()) {
            // learned key/value token appended after the projection (torch add_bias_kv)
            String bk = m.trunkKey(p + "attn.bias_k");
            String bv = m.trunkKey(p + "attn.bias_v");
            w.expect(bk, 1, 1, d);
            w.expect(bv, 1, 1, d);
            String biasK = g.initializer(bk, ElementType.FLOAT, new long[] {1, h, hd, 1}, w.asStored(bk));
            String biasV = g.initializer(bv, ElementType.FLOAT, new long[] {1, h, 1, hd}, w.asStored(bv));
            kT = g.concat(3, kT, g.expand(biasK, batchShape4));
            v = g.concat(2, v, g.expand(biasV, batchShape4));
        }
        q = g.div(q, g.scalar((float) Math.sqrt(hd)));
        String scores = g.matMul(q, kT);
        if (mask != null) {
            scores = g.add(scores, mask);
        }
        String attended = g.matMul(g.softmax(scores, -1), v);
        String merged = g.reshape(g.transpose(attended, 0, 2, 1, 3), 0, 0, d);
        String attn = g.linear(merged, transposed(m.trunkKey(p + "attn.out_proj.weight")),
                param(m.trunkKey(p + "attn.out_proj.bias")));
        x = g.add(x, attn);
        String normed2 = layerNorm(x, m.trunkKey(p + "norm_2"), BLOCK_EPS);
        String hidden = g.gelu(g.linear(normed2, transposed(m.trunkKey(p + "mlp.fc1.weight")),
                param(m.trunkKey(p + "mlp.fc1.bias"))));
        String mlp = g.linear(hidden, transposed(m.trunkKey(p + "mlp.fc2.weight")), param(m.trunkKey(p + "mlp.fc2.bias")));
        return g.add(x, mlp);
    }

    /**
     * The text trunk's additive causal mask (0 on and below the diagonal, -inf above): the checkpoint's {@code mask}
     * buffer when present, else built; a zero column is appended for a {@code bias_k} token.
     */
    private String causalMask() throws IOException {
        int l = spec.tokens();
        String key = m.preprocessorKey("mask");
        float[] mask;
        if (w.has(key)) {
            w.expect(key, l, l);
            mask = w.floats(key);
        } else {
            mask = new float[l * l];
            for (int i = 0; i < l; i++) {
                for (int j = i + 1; j < l; j++) {
                    mask[i * l + j] = Float.NEGATIVE_INFINITY;
                }
            }
        }
        int cols = spec.biasKv() ? l + 1 : l;
        float[] padded = new float[l * cols];
        for (int i = 0; i < l; i++) {
            System.arraycopy(mask, i * l, padded, i * cols, l);
        }
        return g.initializer(key, ElementType.FLOAT, new long[] {l, cols}, TensorSource.ofFloats(padded));
    }

    /** The head: select the pooled token (CLS, or the text's {@code argmax(ids)}), LayerNorm, projection. */
    private String head(String x, String input) throws IOException {
        String pooled;
        if (m == TrunkModality.TEXT) {
            pooled = g.gatherNd(x, pooledPosition(input), 1);
        } else {
            pooled = g.gather(x, g.scalarLong(0), 1);
        }
        String normed = layerNorm(pooled, m.headNormKey(), BLOCK_EPS);
        return g.matMul(normed, transposed(m.headProjectionKey()));
    }

    /** The text head's token, {@code argmax(ids)} per row, {@code (B, 1)} int64. */
    private String pooledPosition(String input) {
        // ids fit a float exactly (< 2^24); ArgMax takes the first maximum, as torch.argmax does
        String ids = g.node("Cast", List.of(input), Attribute.of("to", (long) ElementType.FLOAT.onnxCode()));
        return g.argMax(ids, 1, true);
    }

    /** {@code Normalize(dim=-1)}, then {@code clip(exp(log_logit_scale), max=100) * x} where the model has one. */
    private String postprocess(String prenorm) throws IOException {
        String normalized = g.l2Normalize(prenorm, 1e-12f);
        Float logScale = logLogitScale();
        if (logScale == null) {
            return normalized;
        }
        String log = g.initializer(m.logitScaleKey(), ElementType.FLOAT, new long[0], TensorSource.ofFloats(logScale));
        return g.mul(normalized, g.min(g.exp(log), g.scalar(MAX_LOGIT_SCALE)));
    }

    /**
     * The log of the logit scale: the checkpoint's value (learned for text, a fixed buffer for the others), or, for
     * a checkpoint without the buffers, the released fixed scale (audio 20, depth 5, thermal 10, IMU 5).
     */
    private Float logLogitScale() throws IOException {
        String key = m.logitScaleKey();
        if (w.has(key)) {
            long[] s = w.shape(key);
            if (s.length != 0 && !(s.length == 1 && s[0] == 1)) {
                throw new FormatException(w.file(), key, "must be a scalar");
            }
            float v = w.floats(key)[0];
            if (!Float.isFinite(v)) {
                throw new FormatException(w.file(), key, "is not finite: " + v);
            }
            return v;
        }
        return switch (m) {
            case VISION -> null;
            case TEXT -> throw new FormatException(w.file(), key, "missing: the text logit scale is learned and"
                    + " must come from the checkpoint");
            case AUDIO -> (float) Math.log(20.0);
            case DEPTH, IMU -> (float) Math.log(5.0);
            case THERMAL -> (float) Math.log(10.0);
        };
    }

    private String layerNorm(String x, String prefix, float eps) throws IOException {
        w.expect(prefix + ".weight", spec.width());
        w.expect(prefix + ".bias", spec.width());
        return g.layerNorm(x, param(prefix + ".weight"), param(prefix + ".bias"), eps);
    }

    /** An initializer with the checkpoint tensor as stored, named by its key. */
    private String param(String key) throws IOException {
        return g.initializer(key, ElementType.FLOAT, w.shape(key), w.asStored(key));
    }

    /** A Linear weight {@code (out, in)} as an {@code (in, out)} initializer named {@code <key>.T}. */
    private String transposed(String key) throws IOException {
        long[] s = w.shape(key, 2);
        return g.initializer(key + ".T", ElementType.FLOAT, new long[] {s[1], s[0]}, w.transposed(key));
    }
}
