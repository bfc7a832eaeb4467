package dev.bindery.bench;

import dev.bindery.tensor.DType;
import dev.bindery.tensor.TensorData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * State dicts with random weights and the key names and shapes of the released checkpoints (reference.md §1.10 and
 * §2.4), for benchmarking at the released model sizes. Weights are uniform with standard deviation 0.02 (their
 * values do not change the cost), LayerNorm and BatchNorm scales 1, BatchNorm variances in [1, 2) so that no
 * value grows without bound.
 */
final class RandomStateDicts {
    /** Released ImageBind-huge audio trunk: width 768, 12 blocks (12 heads, set by the released config), MLP 3072. */
    static final int AUDIO_WIDTH = 768;
    static final int AUDIO_BLOCKS = 12;
    static final int AUDIO_MLP = 3072;
    /** Tokens of the audio trunk: CLS + 12 x 19 patches of the 128 x 204 spectrogram (kernel 16, stride 10). */
    static final int AUDIO_TOKENS = 1 + 12 * 19;
    /** The shared embedding dimension. */
    static final int EMBED_DIM = 1024;

    /** Released Point-BERT ({@code PointTransformer_8192point.yaml}): trans_dim 384, depth 12, encoder_dims 256. */
    static final int POINT_DIM = 384;
    static final int POINT_DEPTH = 12;
    static final int POINT_ENCODER_DIMS = 256;
    /** Width of {@code pc_projection}'s output and of the point head's input. */
    static final int POINT_PROJECTION = 512;

    private static final float STD = 0.02f;

    private final SplittableRandom random;
    private final Map<String, TensorData> dict = new LinkedHashMap<>();

    private RandomStateDicts(long seed) {
        random = new SplittableRandom(seed);
    }

    /** The audio branch of a released-size ImageBind: stem, CLS, positional table, blocks with bias_k/v, head. */
    static Map<String, TensorData> audio(long seed) {
        return audio(seed, AUDIO_WIDTH, AUDIO_BLOCKS, AUDIO_MLP, EMBED_DIM);
    }

    /** The audio branch with other widths (for tests of this class); the token grid stays the released one. */
    static Map<String, TensorData> audio(long seed, int width, int blocks, int mlp, int out) {
        RandomStateDicts r = new RandomStateDicts(seed);
        String pre = "modality_preprocessors.audio.";
        r.weight(pre + "rgbt_stem.proj.weight", width, 1, 16, 16);
        r.layerNorm(pre + "rgbt_stem.norm_layer", width);
        r.weight(pre + "cls_token", 1, 1, width);
        r.weight(pre + "pos_embedding_helper.pos_embed", 1, AUDIO_TOKENS, width);
        for (int b = 0; b < blocks; b++) {
            String p = "modality_trunks.audio.blocks." + b + ".";
            r.layerNorm(p + "norm_1", width);
            r.weight(p + "attn.in_proj_weight", 3 * width, width);
            r.weight(p + "attn.in_proj_bias", 3 * width);
            r.weight(p + "attn.bias_k", 1, 1, width);
            r.weight(p + "attn.bias_v", 1, 1, width);
            r.weight(p + "attn.out_proj.weight", width, width);
            r.weight(p + "attn.out_proj.bias", width);
            r.layerNorm(p + "norm_2", width);
            r.weight(p + "mlp.fc1.weight", mlp, width);
            r.weight(p + "mlp.fc1.bias", mlp);
            r.weight(p + "mlp.fc2.weight", width, mlp);
            r.weight(p + "mlp.fc2.bias", width);
        }
        r.layerNorm("modality_heads.audio.0", width);
        r.weight("modality_heads.audio.2.weight", out, width);
        return r.dict;
    }

    /** The point branch of a released-size {@code imagebind_w3D.pth}: Point-BERT, projection, head, logit scale. */
    static Map<String, TensorData> pointBert(long seed) {
        RandomStateDicts r = new RandomStateDicts(seed);
        String e = "point_trunk.point_encoder.";
        int d = POINT_DIM;
        r.weight("point_trunk.pc_projection", 2 * d, POINT_PROJECTION);
        r.weight(e + "cls_token", 1, 1, d);
        r.weight(e + "cls_pos", 1, 1, d);
        String enc = e + "encoder.";
        r.weight(enc + "first_conv.0.weight", 128, 3, 1);
        r.weight(enc + "first_conv.0.bias", 128);
        r.batchNorm(enc + "first_conv.1", 128);
        r.weight(enc + "first_conv.3.weight", 256, 128, 1);
        r.weight(enc + "first_conv.3.bias", 256);
        r.weight(enc + "second_conv.0.weight", 512, 512, 1);
        r.weight(enc + "second_conv.0.bias", 512);
        r.batchNorm(enc + "second_conv.1", 512);
        r.weight(enc + "second_conv.3.weight", POINT_ENCODER_DIMS, 512, 1);
        r.weight(enc + "second_conv.3.bias", POINT_ENCODER_DIMS);
        r.weight(e + "reduce_dim.weight", d, POINT_ENCODER_DIMS);
        r.weight(e + "reduce_dim.bias", d);
        r.weight(e + "pos_embed.0.weight", 128, 3);
        r.weight(e + "pos_embed.0.bias", 128);
        r.weight(e + "pos_embed.2.weight", d, 128);
        r.weight(e + "pos_embed.2.bias", d);
        for (int b = 0; b < POINT_DEPTH; b++) {
            String p = e + "blocks.blocks." + b + ".";
            r.layerNorm(p + "norm1", d);
            r.weight(p + "attn.qkv.weight", 3 * d, d);
            r.weight(p + "attn.proj.weight", d, d);
            r.weight(p + "attn.proj.bias", d);
            r.layerNorm(p + "norm2", d);
            r.weight(p + "mlp.fc1.weight", 4 * d, d);
            r.weight(p + "mlp.fc1.bias", 4 * d);
            r.weight(p + "mlp.fc2.weight", d, 4 * d);
            r.weight(p + "mlp.fc2.bias", d);
        }
        r.layerNorm(e + "norm", d);
        r.layerNorm("modality_heads.point.0", POINT_PROJECTION);
        r.weight("modality_heads.point.2.weight", EMBED_DIM, POINT_PROJECTION);
        r.constant("modality_postprocessors.point.1.log_logit_scale", 0f);
        return r.dict;
    }

    /** Uniform values with standard deviation {@link #STD}. */
    private void weight(String key, long... shape) {
        float half = STD * (float) Math.sqrt(3);
        put(key, shape, () -> (float) ((random.nextDouble() * 2 - 1) * half));
    }

    private void layerNorm(String prefix, int width) {
        put(prefix + ".weight", new long[] {width}, () -> 1f);
        put(prefix + ".bias", new long[] {width}, () -> 0f);
    }

    private void batchNorm(String prefix, int channels) {
        layerNorm(prefix, channels);
        weight(prefix + ".running_mean", channels);
        put(prefix + ".running_var", new long[] {channels}, () -> (float) (1 + random.nextDouble()));
    }

    private void constant(String key, float value) {
        put(key, new long[0], () -> value);
    }

    /** Fills a float32 buffer in place (no float[] copy: the audio dict is ~340 MB). */
    private void put(String key, long[] shape, FloatSource values) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(n * 4)).order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer f = bytes.asFloatBuffer();
        for (long i = 0; i < n; i++) {
            f.put(values.next());
        }
        dict.put(key, TensorData.of(key, DType.F32, shape, bytes));
    }

    @FunctionalInterface
    private interface FloatSource {
        float next();
    }
}
