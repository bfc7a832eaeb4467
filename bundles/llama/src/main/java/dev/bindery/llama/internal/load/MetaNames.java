package dev.bindery.llama.internal.load;

import dev.bindery.llama.internal.load.TensorNames.Projection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates upstream key names to {@link TensorNames}: Meta's {@code consolidated.*.pth} keys
 * ({@code layers.0.attention.wq.weight}) and ImageBind-LLM's {@code adapter.pth} keys, which name the same LLaMA
 * modules under {@code llama.} ({@code llama.layers.0.attention.lora_wq_l1.weight}) plus {@code prefix_query.weight}
 * and the bind network's {@code image_bind_*}.
 */
final class MetaNames {
    private static final Pattern LAYER = Pattern.compile("layers\\.(0|[1-9][0-9]{0,5})\\.(.+)");
    private static final Map<String, IntFunction<String>> IN_LAYER = new HashMap<>();

    static {
        IN_LAYER.put("attention_norm.weight", TensorNames::attentionNorm);
        IN_LAYER.put("ffn_norm.weight", TensorNames::ffnNorm);
        IN_LAYER.put("attention.gate", TensorNames::gate);
        for (Projection p : Projection.values()) {
            IN_LAYER.put(p.meta() + ".weight", l -> TensorNames.weight(l, p));
            IN_LAYER.put(p.meta() + ".bias", l -> TensorNames.bias(l, p));
            IN_LAYER.put(p.lora() + "_l1.weight", l -> TensorNames.loraA(l, p));
            IN_LAYER.put(p.lora() + "_l2.weight", l -> TensorNames.loraB(l, p));
        }
    }

    private MetaNames() {
    }

    /** The canonical name of a key of Meta's LLaMA module, or null when LLaMA has no such parameter. */
    static String ofLlamaKey(String key) {
        switch (key) {
            case "tok_embeddings.weight":
                return TensorNames.TOKEN_EMBEDDING;
            case "norm.weight":
                return TensorNames.OUTPUT_NORM;
            case "output.weight":
                return TensorNames.OUTPUT;
            default:
                break;
        }
        Matcher m = LAYER.matcher(key);
        if (!m.matches()) {
            return null;
        }
        IntFunction<String> f = IN_LAYER.get(m.group(2));
        return f == null ? null : f.apply(Integer.parseInt(m.group(1)));
    }

    /**
     * The canonical name of a key of ImageBind-LLM's {@code LLaMA_adapter} state dict, or null when upstream's
     * model has no such parameter (upstream's loader refuses unexpected keys).
     */
    static String ofAdapterKey(String key) {
        if (key.equals("prefix_query.weight")) {
            return TensorNames.PREFIX_QUERY;
        }
        if (key.startsWith(TensorNames.BIND_PREFIX)) {
            return key;
        }
        if (key.startsWith("llama.")) {
            return ofLlamaKey(key.substring("llama.".length()));
        }
        return null;
    }
}
