package dev.bindery.llama.internal.load;

import dev.bindery.llama.internal.load.TensorNames.Projection;
import dev.bindery.tensor.DType;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.quant.Quantizer;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Converts the large LLaMA matrices of a {@link WeightSet} (token embedding, output projection and the seven
 * projections of every block) to another storage format, one tensor at a time. Everything small stays as it is:
 * norms, biases, LoRA factors, gates, prefix queries and the bind network (together about 1% of a 7B model, and
 * the part where quantisation error would hurt most). Quantisation is ggml's reference rounding (bit-exact with
 * llama.cpp's Q8_0 / Q4_0); a matrix whose rows are not a multiple of 32 keeps its format.
 */
public final class WeightFormats {
    private WeightFormats() {
    }

    /** The weight set with its large matrices in {@code format} ({@link WeightFormat#STORED}: unchanged). */
    public static WeightSet convert(WeightSet ws, WeightFormat format) {
        if (format == WeightFormat.STORED) {
            return ws;
        }
        Set<String> large = largeMatrices(ws);
        Map<String, TensorData> out = new LinkedHashMap<>();
        for (Map.Entry<String, TensorData> e : ws.tensors().entrySet()) {
            TensorData t = e.getValue();
            out.put(e.getKey(), large.contains(e.getKey()) ? convert(t, format.dtype()) : t);
        }
        return ws.withTensors(out);
    }

    /** The names of the matrices that {@link #convert} changes. */
    static Set<String> largeMatrices(WeightSet ws) {
        Set<String> names = new HashSet<>();
        names.add(TensorNames.TOKEN_EMBEDDING);
        names.add(TensorNames.OUTPUT);
        for (int l = 0; l < ws.config().nLayers(); l++) {
            for (Projection p : Projection.values()) {
                names.add(TensorNames.weight(l, p));
            }
        }
        return names;
    }

    private static TensorData convert(TensorData t, DType target) {
        if (t.dtype() == target) {
            return t;
        }
        return switch (target) {
            case F32 -> TensorData.ofFloats(t.name(), t.shape(), t.toFloatArray());
            case F16 -> TensorData.ofFloatsAsF16(t.name(), t.shape(), t.toFloatArray());
            case Q8_0, Q4_0 -> t.rank() == 0 || t.dim(t.rank() - 1) % target.blockSize() != 0
                    ? t : Quantizer.quantize(t, target);
            default -> throw new IllegalArgumentException("no conversion to " + target);
        };
    }
}
