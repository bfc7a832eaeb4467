package dev.bindery.packages.internal;

import dev.bindery.bindnet.WeightFormat;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.GgufValue;
import dev.bindery.tensor.io.GgufWriter;
import dev.bindery.tensor.io.Safetensors;
import dev.bindery.tensor.io.TorchCheckpoint;
import dev.bindery.tensor.quant.Quantizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes the bind network alone: the adapter checkpoint's {@code image_bind_*} tensors, sorted by name, as
 * safetensors in their stored type, or as GGUF with the weight matrices quantised (safetensors has no block
 * formats). The LLaMA part of the adapter goes into the LLaMA GGUF instead; the bind-network bundle reads either
 * file.
 */
public final class BindNetworkExport {
    static final String PREFIX = "image_bind_";

    private BindNetworkExport() {
    }

    /** The file name the network gets for a format. */
    public static String fileName(WeightFormat format) {
        return format == WeightFormat.AS_STORED ? "bind_network.safetensors" : "bind_network.gguf";
    }

    /**
     * @throws IOException if the adapter cannot be read, has no bind-network tensors, or writing fails
     */
    public static void write(Path adapter, WeightFormat format, Path target) throws IOException {
        List<TensorData> tensors = new ArrayList<>();
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(adapter)) {
            for (String name : new TreeSet<>(ckpt.names())) {
                if (name.startsWith(PREFIX)) {
                    tensors.add(convert(ckpt.get(name), format));
                }
            }
            if (tensors.isEmpty()) {
                throw new IOException(adapter + ": no " + PREFIX + "* tensors: this is not an ImageBind-LLM adapter"
                        + " checkpoint");
            }
            if (format == WeightFormat.AS_STORED) {
                Safetensors.write(target, tensors, Map.of("bindery.content", "ImageBind-LLM bind network"));
            } else {
                GgufWriter.write(target, Map.of("general.architecture", GgufValue.ofString("bindery-bind-network")),
                        tensors);
            }
        }
    }

    /** Weight matrices are quantised when asked; vectors (biases, norms) keep their type. */
    private static TensorData convert(TensorData t, WeightFormat format) {
        if (format.target() == null || t.rank() != 2) {
            return t;
        }
        return Quantizer.quantize(t, format.target());
    }
}
