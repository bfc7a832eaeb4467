package dev.bindery.encoder.pointcloud.internal;

import dev.bindery.api.ModelMismatchException;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.TorchCheckpoint;
import dev.bindery.tensor.kernel.F32Matrix;
import dev.bindery.tensor.kernel.Matrix;
import dev.bindery.tensor.kernel.Parallel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link PointBertEncoder} from the point keys of an ImageBind-with-3D state dict
 * ({@code point_trunk.*}, {@code modality_heads.point.*}, {@code modality_postprocessors.point.*}; reference.md
 * §2.4). Widths and depth come from the shapes; every key is checked against them.
 */
final class PointBertLoader {
    static final String ENCODER = "point_trunk.point_encoder.";
    static final String PROJECTION = "point_trunk.pc_projection";
    static final String HEAD = "modality_heads.point.";
    static final String LOGIT_SCALE = "modality_postprocessors.point.1.log_logit_scale";
    /** Point-BERT's LayerNorms use PyTorch's default epsilon. */
    static final float BLOCK_EPS = 1e-5f;
    /** ImageBind's heads use 1e-6. */
    static final float HEAD_EPS = 1e-6f;
    /** BatchNorm1d's default epsilon. */
    static final double BN_EPS = 1e-5;

    private PointBertLoader() {
    }

    /** Reads only the point keys of a torch checkpoint (the other modalities' tensors are never touched). */
    static Map<String, TensorData> pointKeys(Path checkpoint) throws IOException {
        Map<String, TensorData> out = new LinkedHashMap<>();
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(checkpoint)) {
            for (String name : ckpt.names()) {
                if (name.startsWith("point_trunk.") || name.startsWith(HEAD) || name.equals(LOGIT_SCALE)) {
                    out.put(name, ckpt.get(name));
                }
            }
        }
        return out;
    }

    static PointBertEncoder build(StateDict sd, PointBertConfig config) throws ModelMismatchException {
        String e = ENCODER;
        int d = sd.dim(e + "cls_token", 2);
        if (d % config.numHeads() != 0) {
            throw new ModelMismatchException(sd.source() + ": width " + d + " of '" + e + "cls_token' is not divisible by "
                    + config.numHeads() + " heads");
        }
        MiniPointNet pointNet = miniPointNet(sd, e + "encoder.");
        int c = pointNet.outDim();
        Linear reduce = new Linear(sd.matrix(e + "reduce_dim.weight", d, c), sd.floats(e + "reduce_dim.bias", d));
        float[] clsToken = sd.floats(e + "cls_token", 1, 1, d);
        float[] clsPos = sd.floats(e + "cls_pos", 1, 1, d);
        int posHidden = sd.dim(e + "pos_embed.0.weight", 0);
        Linear pos1 = new Linear(sd.matrix(e + "pos_embed.0.weight", posHidden, 3),
                sd.floats(e + "pos_embed.0.bias", posHidden));
        Linear pos2 = new Linear(sd.matrix(e + "pos_embed.2.weight", d, posHidden), sd.floats(e + "pos_embed.2.bias", d));
        List<PointBertBlock> blocks = new ArrayList<>();
        for (int i = 0; sd.contains(e + "blocks.blocks." + i + ".norm1.weight"); i++) {
            blocks.add(block(sd, e + "blocks.blocks." + i + ".", d, config.numHeads()));
        }
        if (blocks.isEmpty()) {
            throw new ModelMismatchException(sd.source() + ": key '" + e + "blocks.blocks.0.norm1.weight' is missing");
        }
        LayerNorm norm = new LayerNorm(sd.floats(e + "norm.weight", d), sd.floats(e + "norm.bias", d), BLOCK_EPS);
        int p = sd.dim(PROJECTION, 1);
        Matrix projection = transposed(sd.floats(PROJECTION, 2L * d, p), 2 * d, p);
        LayerNorm headNorm = new LayerNorm(sd.floats(HEAD + "0.weight", p), sd.floats(HEAD + "0.bias", p), HEAD_EPS);
        int out = sd.dim(HEAD + "2.weight", 0);
        Linear headLinear = new Linear(sd.matrix(HEAD + "2.weight", out, p), null);
        float logitScale = 1f;
        if (sd.contains(LOGIT_SCALE)) {
            // ImageBind's LearnableLogitScaling: clip(exp(log_logit_scale), max=100).
            logitScale = (float) Math.min(Math.exp(sd.scalar(LOGIT_SCALE)), 100.0);
        }
        Parallel pool = Parallel.common();
        return new PointBertEncoder(config, pointNet, reduce, clsToken, clsPos, pos1, pos2,
                new JavaPointTransformer(blocks, norm, pool), new Linear(projection, null), headNorm, headLinear,
                logitScale, blocks.size(), sd.source(), pool);
    }

    private static MiniPointNet miniPointNet(StateDict sd, String p) throws ModelMismatchException {
        int h1 = sd.dim(p + "first_conv.0.weight", 0);
        int h2 = sd.dim(p + "first_conv.3.weight", 0);
        int h3 = sd.dim(p + "second_conv.0.weight", 0);
        int c = sd.dim(p + "second_conv.3.weight", 0);
        Linear conv1 = new Linear(sd.matrix(p + "first_conv.0.weight", h1, 3, 1), sd.floats(p + "first_conv.0.bias", h1));
        BatchNormEval bn1 = batchNorm(sd, p + "first_conv.1.", h1);
        Linear conv2 = new Linear(sd.matrix(p + "first_conv.3.weight", h2, h1, 1), sd.floats(p + "first_conv.3.bias", h2));
        float[] w3 = sd.floats(p + "second_conv.0.weight", h3, 2L * h2, 1);
        float[] global = new float[h3 * h2];
        float[] local = new float[h3 * h2];
        for (int r = 0; r < h3; r++) {
            // Input channels [0, h2) read the group's global feature, [h2, 2 h2) the point's own (torch.cat order).
            System.arraycopy(w3, r * 2 * h2, global, r * h2, h2);
            System.arraycopy(w3, r * 2 * h2 + h2, local, r * h2, h2);
        }
        Linear conv3Global = new Linear(new F32Matrix(h3, h2, global), null);
        Linear conv3Local = new Linear(new F32Matrix(h3, h2, local), sd.floats(p + "second_conv.0.bias", h3));
        BatchNormEval bn2 = batchNorm(sd, p + "second_conv.1.", h3);
        Linear conv4 = new Linear(sd.matrix(p + "second_conv.3.weight", c, h3, 1), sd.floats(p + "second_conv.3.bias", c));
        return new MiniPointNet(conv1, bn1, conv2, conv3Global, conv3Local, bn2, conv4);
    }

    private static BatchNormEval batchNorm(StateDict sd, String p, int c) throws ModelMismatchException {
        return new BatchNormEval(sd.floats(p + "weight", c), sd.floats(p + "bias", c), sd.floats(p + "running_mean", c),
                sd.floats(p + "running_var", c), BN_EPS);
    }

    private static PointBertBlock block(StateDict sd, String p, int d, int heads) throws ModelMismatchException {
        int hidden = sd.dim(p + "mlp.fc1.weight", 0);
        return new PointBertBlock(
                new LayerNorm(sd.floats(p + "norm1.weight", d), sd.floats(p + "norm1.bias", d), BLOCK_EPS),
                new Linear(sd.matrix(p + "attn.qkv.weight", 3L * d, d), null),
                new Linear(sd.matrix(p + "attn.proj.weight", d, d), sd.floats(p + "attn.proj.bias", d)),
                new LayerNorm(sd.floats(p + "norm2.weight", d), sd.floats(p + "norm2.bias", d), BLOCK_EPS),
                new Linear(sd.matrix(p + "mlp.fc1.weight", hidden, d), sd.floats(p + "mlp.fc1.bias", hidden)),
                new Linear(sd.matrix(p + "mlp.fc2.weight", d, hidden), sd.floats(p + "mlp.fc2.bias", d)),
                heads);
    }

    /** {@code pc_projection} is stored (in, out) and applied as {@code feature @ P}; the kernels want (out, in). */
    private static Matrix transposed(float[] values, int rows, int cols) {
        float[] t = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = values[r * cols + c];
            }
        }
        return new F32Matrix(cols, rows, t);
    }
}
