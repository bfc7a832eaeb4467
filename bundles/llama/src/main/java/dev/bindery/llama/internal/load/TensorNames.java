package dev.bindery.llama.internal.load;

/**
 * The canonical tensor names a loaded model uses, whatever file it came from: llama.cpp's GGUF names for the LLaMA
 * weights ({@code token_embd.weight}, {@code blk.N.attn_q.weight}, ...) and, for ImageBind-LLM's fine-tune and
 * adapter, names in the same style that llama.cpp does not define ({@code blk.N.attn_q.bias},
 * {@code blk.N.attn_q.lora_a}, {@code blk.N.attn_gate}, {@code adapter.prefix_query.weight}). The bind network's
 * tensors keep their upstream names ({@code image_bind_*}).
 */
public final class TensorNames {
    public static final String TOKEN_EMBEDDING = "token_embd.weight";
    public static final String OUTPUT_NORM = "output_norm.weight";
    public static final String OUTPUT = "output.weight";
    public static final String PREFIX_QUERY = "adapter.prefix_query.weight";
    /** Prefix of the bind network's tensors (passed through, not used by the decoder). */
    public static final String BIND_PREFIX = "image_bind_";

    private TensorNames() {
    }

    /** The seven projections of a block, with their llama.cpp and upstream (Meta) names. */
    public enum Projection {
        Q("attn_q", "attention.wq", "attention.lora_wq"),
        K("attn_k", "attention.wk", "attention.lora_wk"),
        V("attn_v", "attention.wv", "attention.lora_wv"),
        O("attn_output", "attention.wo", "attention.lora_wo"),
        GATE("ffn_gate", "feed_forward.w1", "feed_forward.lora_w1"),
        DOWN("ffn_down", "feed_forward.w2", "feed_forward.lora_w2"),
        UP("ffn_up", "feed_forward.w3", "feed_forward.lora_w3");

        private final String gguf;
        private final String meta;
        private final String lora;

        Projection(String gguf, String meta, String lora) {
            this.gguf = gguf;
            this.meta = meta;
            this.lora = lora;
        }

        /** llama.cpp's name inside a block, e.g. {@code attn_q}. */
        public String gguf() {
            return gguf;
        }

        /** Meta's module path inside a layer, e.g. {@code attention.wq}. */
        public String meta() {
            return meta;
        }

        /** Upstream's LoRA module prefix inside a layer, e.g. {@code attention.lora_wq}. */
        public String lora() {
            return lora;
        }

        /** Whether ImageBind-LLM's finetune phase gives this projection a bias (all but wk and wv). */
        public boolean hasFinetuneBias() {
            return this != K && this != V;
        }
    }

    public static String weight(int layer, Projection p) {
        return block(layer) + p.gguf + ".weight";
    }

    public static String bias(int layer, Projection p) {
        return block(layer) + p.gguf + ".bias";
    }

    /** The LoRA down-projection {@code (rank, in)}, upstream {@code lora_*_l1}. */
    public static String loraA(int layer, Projection p) {
        return block(layer) + p.gguf + ".lora_a";
    }

    /** The LoRA up-projection {@code (out, rank)}, upstream {@code lora_*_l2}. */
    public static String loraB(int layer, Projection p) {
        return block(layer) + p.gguf + ".lora_b";
    }

    public static String attentionNorm(int layer) {
        return block(layer) + "attn_norm.weight";
    }

    public static String ffnNorm(int layer) {
        return block(layer) + "ffn_norm.weight";
    }

    /** The per-head adapter gates of a layer ({@code nHeads} values; upstream shape (1, nHeads, 1, 1)). */
    public static String gate(int layer) {
        return block(layer) + "attn_gate";
    }

    private static String block(int layer) {
        return "blk." + layer + ".";
    }
}
