package dev.bindery.itests;

import dev.bindery.api.InvalidInputException;
import dev.bindery.api.encoder.EncoderInfo;
import dev.bindery.api.encoder.ModalityEncoder;
import dev.bindery.api.modality.Embedding;
import dev.bindery.api.modality.Modality;
import dev.bindery.api.modality.ModalityInput;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.Json;
import dev.bindery.tensor.io.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fallback image encoder of the hot-swap test: a second provider, in another bundle than the ONNX one, that
 * answers with upstream's own embedding of each golden image ({@code imagebind_tiny/embeddings/vision.npy}, rows
 * as the manifest lists them), so a request it serves still gives upstream's answer. Counts its calls.
 */
final class HotSwapGoldenEncoder implements ModalityEncoder {
    static final String DEVICE = "golden-table";

    final AtomicInteger calls = new AtomicInteger();
    private final Map<Path, float[]> rows = new HashMap<>();
    private final String modelId;
    private final int dimension;

    @SuppressWarnings("unchecked")
    HotSwapGoldenEncoder(Path golden, String modelId) throws Exception {
        Path imagebind = golden.resolve("imagebind_tiny");
        Map<String, Object> manifest = Json.parseObject(Files.readString(imagebind.resolve("manifest.json")));
        Map<String, Object> entry = (Map<String, Object>) ((Map<String, Object>) manifest.get("files"))
                .get("embeddings/vision.npy");
        TensorData matrix = Npy.read(imagebind.resolve("embeddings/vision.npy"));
        float[] flat = matrix.toFloatArray();
        dimension = (int) matrix.shape()[1];
        for (Object o : (List<Object>) entry.get("items")) {
            Map<String, Object> item = (Map<String, Object>) o;
            int row = ((Number) item.get("row")).intValue();
            float[] vector = new float[dimension];
            System.arraycopy(flat, row * dimension, vector, 0, dimension);
            rows.put(golden.resolve((String) item.get("source_file")).toAbsolutePath().normalize(), vector);
        }
        this.modelId = modelId;
    }

    @Override
    public EncoderInfo info() {
        return new EncoderInfo(Modality.IMAGE, DEVICE, modelId, dimension);
    }

    @Override
    public Embedding encode(ModalityInput input) throws InvalidInputException {
        calls.incrementAndGet();
        Path file = input.file().map(p -> p.toAbsolutePath().normalize()).orElse(null);
        float[] vector = file == null ? null : rows.get(file);
        if (vector == null) {
            throw new InvalidInputException("the golden fallback encoder only knows the golden images, not "
                    + input.describe());
        }
        return new Embedding(Modality.IMAGE, modelId, vector);
    }
}
