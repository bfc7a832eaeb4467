package dev.bindery.bench;

import dev.bindery.tensor.TensorData;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Random state dicts with the key names and shapes of ImageBind-huge's vision and text branches (reference.md
 * §1.1, §1.10: vision 1280 wide, 32 blocks, MLP 5120, 257 tokens, patch 14; text 1024 wide, 24 blocks, MLP 4096, 77
 * tokens, vocabulary 49408; both projected to 1024). The vision branch alone is ~2.5 GB of float32, so the dict is
 * lazy: each tensor is drawn from its own seed when the writer asks for it and dropped after, and the JVM never
 * holds more than one tensor. Weights are uniform with standard deviation 0.02, LayerNorm scales 1 and shifts 0.
 */
final class VisionTextWeights {
    static final int VISION_WIDTH = 1280;
    static final int VISION_BLOCKS = 32;
    static final int VISION_MLP = 5120;
    static final int VISION_PATCH = 14;
    static final int VISION_FRAMES = 2;
    /** CLS + 16 x 16 patches of a 224 x 224 image. */
    static final int VISION_TOKENS = 1 + 16 * 16;
    static final int TEXT_WIDTH = 1024;
    static final int TEXT_BLOCKS = 24;
    static final int TEXT_MLP = 4096;
    static final int TEXT_TOKENS = 77;
    static final int TEXT_VOCAB = 49408;
    static final int EMBED_DIM = 1024;

    private static final float STD = 0.02f;

    private VisionTextWeights() {
    }

    /** One tensor to draw: its key, shape and how its values are filled. */
    private record Spec(String key, long[] shape, Fill fill) {
    }

    private enum Fill { RANDOM, ONES, ZEROS, LOG_INV_007 }

    /** The released-size vision branch: Conv3d stem, CLS, positional table, pre-LayerNorm, blocks, head. */
    static Map<String, TensorData> vision(long seed) {
        return vision(seed, VISION_WIDTH, VISION_BLOCKS, VISION_MLP, EMBED_DIM);
    }

    /** The vision branch with other widths (for tests); the 224-pixel token grid stays. */
    static Map<String, TensorData> vision(long seed, int width, int blocks, int mlp, int out) {
        List<Spec> s = new ArrayList<>();
        String pre = "modality_preprocessors.vision.";
        s.add(new Spec(pre + "cls_token", new long[] {1, 1, width}, Fill.RANDOM));
        s.add(new Spec(pre + "rgbt_stem.proj.1.weight",
                new long[] {width, 3, VISION_FRAMES, VISION_PATCH, VISION_PATCH}, Fill.RANDOM));
        s.add(new Spec(pre + "pos_embedding_helper.pos_embed", new long[] {1, VISION_TOKENS, width}, Fill.RANDOM));
        layerNorm(s, "modality_trunks.vision.pre_transformer_layer.0", width);
        blocks(s, "modality_trunks.vision.blocks.", blocks, width, mlp);
        layerNorm(s, "modality_heads.vision.0", width);
        s.add(new Spec("modality_heads.vision.2.weight", new long[] {out, width}, Fill.RANDOM));
        return new Lazy(s, seed);
    }

    /** The released-size text branch: token and positional embeddings, blocks, head, learned logit scale. */
    static Map<String, TensorData> text(long seed) {
        return text(seed, TEXT_WIDTH, TEXT_BLOCKS, TEXT_MLP, EMBED_DIM);
    }

    /** The text branch with other widths (for tests); vocabulary and context length stay. */
    static Map<String, TensorData> text(long seed, int width, int blocks, int mlp, int out) {
        List<Spec> s = new ArrayList<>();
        String pre = "modality_preprocessors.text.";
        s.add(new Spec(pre + "token_embedding.weight", new long[] {TEXT_VOCAB, width}, Fill.RANDOM));
        s.add(new Spec(pre + "pos_embed", new long[] {1, TEXT_TOKENS, width}, Fill.RANDOM));
        blocks(s, "modality_trunks.text.blocks.", blocks, width, mlp);
        layerNorm(s, "modality_heads.text.proj.0", width);
        s.add(new Spec("modality_heads.text.proj.1.weight", new long[] {out, width}, Fill.RANDOM));
        s.add(new Spec("modality_postprocessors.text.1.log_logit_scale", new long[0], Fill.LOG_INV_007));
        return new Lazy(s, seed);
    }

    private static void blocks(List<Spec> s, String prefix, int blocks, int width, int mlp) {
        for (int b = 0; b < blocks; b++) {
            String p = prefix + b + ".";
            layerNorm(s, p + "norm_1", width);
            s.add(new Spec(p + "attn.in_proj_weight", new long[] {3L * width, width}, Fill.RANDOM));
            s.add(new Spec(p + "attn.in_proj_bias", new long[] {3L * width}, Fill.RANDOM));
            s.add(new Spec(p + "attn.out_proj.weight", new long[] {width, width}, Fill.RANDOM));
            s.add(new Spec(p + "attn.out_proj.bias", new long[] {width}, Fill.RANDOM));
            layerNorm(s, p + "norm_2", width);
            s.add(new Spec(p + "mlp.fc1.weight", new long[] {mlp, width}, Fill.RANDOM));
            s.add(new Spec(p + "mlp.fc1.bias", new long[] {mlp}, Fill.RANDOM));
            s.add(new Spec(p + "mlp.fc2.weight", new long[] {width, mlp}, Fill.RANDOM));
            s.add(new Spec(p + "mlp.fc2.bias", new long[] {width}, Fill.RANDOM));
        }
    }

    private static void layerNorm(List<Spec> s, String prefix, int width) {
        s.add(new Spec(prefix + ".weight", new long[] {width}, Fill.ONES));
        s.add(new Spec(prefix + ".bias", new long[] {width}, Fill.ZEROS));
    }

    /** Tensors drawn on each access, in a fixed key order; the same key always gives the same values. */
    private static final class Lazy extends AbstractMap<String, TensorData> {
        private final List<Spec> specs;
        private final long seed;

        Lazy(List<Spec> specs, long seed) {
            this.specs = List.copyOf(specs);
            this.seed = seed;
        }

        @Override
        public Set<Entry<String, TensorData>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, TensorData>> iterator() {
                    Iterator<Spec> it = specs.iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return it.hasNext();
                        }

                        @Override
                        public Entry<String, TensorData> next() {
                            Spec spec = it.next();
                            return new SimpleImmutableEntry<>(spec.key(), draw(spec));
                        }
                    };
                }

                @Override
                public int size() {
                    return specs.size();
                }
            };
        }

        private TensorData draw(Spec spec) {
            long n = 1;
            for (long d : spec.shape()) {
                n *= d;
            }
            float[] values = new float[Math.toIntExact(n)];
            switch (spec.fill()) {
                case RANDOM -> {
                    SplittableRandom random = new SplittableRandom(seed ^ spec.key().hashCode() * 0x9E3779B97F4A7C15L);
                    float half = STD * (float) Math.sqrt(3);
                    for (int i = 0; i < values.length; i++) {
                        values[i] = (float) ((random.nextDouble() * 2 - 1) * half);
                    }
                }
                case ONES -> java.util.Arrays.fill(values, 1f);
                case ZEROS -> { }
                case LOG_INV_007 -> java.util.Arrays.fill(values, (float) Math.log(1 / 0.07));
            }
            return TensorData.ofFloats(spec.key(), spec.shape(), values);
        }
    }
}
