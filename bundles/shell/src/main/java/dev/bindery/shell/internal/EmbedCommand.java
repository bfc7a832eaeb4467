package dev.bindery.shell.internal;

import dev.bindery.api.ModelMismatchException;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.Npy;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

/**
 * {@code bindery:embed}: encodes inputs of any modality with the registered encoders and prints a summary of each
 * vector, writes them as one {@code .npy} matrix (one row per input, float32), or prints them as JSON.
 */
@Service
@Command(scope = "bindery", name = "embed",
        description = "Encodes inputs of any modality into the shared embedding space; prints or writes .npy")
public class EmbedCommand extends EncodingAction {
    private static final int SHOWN_VALUES = 4;

    @Option(name = "--output", aliases = "-o", description = "Write the vectors to this .npy file (N x dim, float32)")
    @Completion(FileCompleter.class)
    String output;

    @Option(name = "--normalize", description = "L2-normalise the vectors (as the pipeline does before mixing)")
    boolean normalize;

    @Override
    public Object execute() throws Exception {
        List<EncodedInput> encoded = new EncoderLookup(context).encodeAll(inputs());
        List<float[]> vectors = new ArrayList<>();
        for (EncodedInput e : encoded) {
            vectors.add(normalize ? e.embedding.normalized() : e.embedding.vector());
        }
        Path written = output == null ? null : write(encoded, vectors);
        PrintStream out = System.out;
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < encoded.size(); i++) {
                Map<String, Object> row = describe(encoded.get(i), vectors.get(i));
                row.put("vector", vectors.get(i));
                rows.add(row);
            }
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("normalized", normalize);
            object.put("output", written == null ? null : written.toString());
            object.put("embeddings", rows);
            JsonOut.print(out, object);
            return null;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < encoded.size(); i++) {
            Map<String, Object> row = describe(encoded.get(i), vectors.get(i));
            row.put("values", head(vectors.get(i)));
            rows.add(row);
        }
        RowPrinter.print(out, rows, false, "Nothing was encoded.");
        if (written != null) {
            out.println("Wrote " + vectors.size() + " x " + vectors.get(0).length + " float32 to " + written);
        }
        return null;
    }

    private static Map<String, Object> describe(EncodedInput e, float[] vector) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("modality", e.input.modality().name());
        row.put("input", SourceInput.label(e.input));
        row.put("model", e.embedding.modelId());
        row.put("dimension", vector.length);
        row.put("norm", (float) Math.sqrt(Similarity.dot(vector, vector)));
        row.put("device", e.device);
        row.put("encoder.service.id", e.serviceId);
        return row;
    }

    private static String head(float[] v) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < Math.min(SHOWN_VALUES, v.length); i++) {
            s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", v[i]));
        }
        return s.append(v.length > SHOWN_VALUES ? ", ...]" : "]").toString();
    }

    /** One matrix: every row must come from the same model with the same dimension. */
    private Path write(List<EncodedInput> encoded, List<float[]> vectors) throws Exception {
        String model = encoded.get(0).embedding.modelId();
        int dim = vectors.get(0).length;
        for (EncodedInput e : encoded) {
            if (!e.embedding.modelId().equals(model) || e.embedding.dimension() != dim) {
                throw new ModelMismatchException("--output writes one matrix, but " + SourceInput.label(e.input)
                        + " has a " + e.embedding.dimension() + "-d " + e.embedding.modelId() + " embedding and "
                        + SourceInput.label(encoded.get(0).input) + " a " + dim + "-d " + model + " one");
            }
        }
        float[] data = new float[vectors.size() * dim];
        for (int i = 0; i < vectors.size(); i++) {
            System.arraycopy(vectors.get(i), 0, data, i * dim, dim);
        }
        Path file = Paths.get(output).toAbsolutePath();
        Npy.write(file, TensorData.ofFloats("embeddings", new long[] {vectors.size(), dim}, data));
        return file;
    }
}
