package dev.bindery.shell.internal;

import dev.bindery.api.ModelMismatchException;
import dev.bindery.api.modality.ModalityInput;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code bindery:similarity}: the cosine similarity matrix between inputs of any modalities, or, with
 * {@code --label}, ImageBind's zero-shot classification of each input against the label texts (softmax over the
 * labels of the inner products with their text embeddings). See {@link Similarity} for the formulas.
 */
@Service
@Command(scope = "bindery", name = "similarity",
        description = "Similarity matrix between inputs, or zero-shot classification against --label texts")
public class SimilarityCommand extends EncodingAction {
    @Option(name = "--label", multiValued = true,
            description = "A class label text; with labels each input is classified (repeatable)")
    List<String> labels;

    @Override
    public Object execute() throws Exception {
        EncoderLookup encoders = new EncoderLookup(context);
        List<EncodedInput> encoded = encoders.encodeAll(inputs());
        if (labels == null || labels.isEmpty()) {
            checkOneModel(encoded);
            List<float[]> vectors = vectors(encoded);
            print(System.out, "cosine", names(encoded), names(encoded), Similarity.cosine(vectors, vectors), false);
            return null;
        }
        List<ModalityInput> labelInputs = new ArrayList<>();
        for (String label : labels) {
            labelInputs.add(ModalityInput.ofText(label));
        }
        List<EncodedInput> encodedLabels = encoders.encodeAll(labelInputs);
        List<EncodedInput> all = new ArrayList<>(encoded);
        all.addAll(encodedLabels);
        checkOneModel(all);
        print(System.out, "zero-shot", names(encoded), List.copyOf(labels),
                Similarity.zeroShot(vectors(encoded), vectors(encodedLabels)), true);
        return null;
    }

    private void print(PrintStream out, String kind, List<String> rows, List<String> columns, float[][] matrix,
            boolean classify) {
        if (json) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("kind", kind);
            object.put("inputs", rows);
            object.put(classify ? "labels" : "columns", columns);
            object.put(classify ? "probabilities" : "matrix", matrix);
            if (classify) {
                List<String> best = new ArrayList<>();
                for (float[] row : matrix) {
                    best.add(columns.get(Similarity.argmax(row)));
                }
                object.put("best", best);
            }
            JsonOut.print(out, object);
            return;
        }
        List<Map<String, Object>> table = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("input", rows.get(i));
            for (int j = 0; j < columns.size(); j++) {
                // Matrix columns are numbered (the inputs are listed in the rows); labels are named.
                row.put(classify ? columns.get(j) : "[" + j + "]",
                        String.format(Locale.ROOT, "%.4f", matrix[i][j]));
            }
            if (classify) {
                row.put("best", columns.get(Similarity.argmax(matrix[i])));
            }
            table.add(row);
        }
        out.print(RowPrinter.table(withIndex(table, classify)));
    }

    private static List<Map<String, Object>> withIndex(List<Map<String, Object>> table, boolean classify) {
        if (classify) {
            return table;
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < table.size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("#", "[" + i + "]");
            row.putAll(table.get(i));
            out.add(row);
        }
        return out;
    }

    private static List<String> names(List<EncodedInput> encoded) {
        List<String> names = new ArrayList<>();
        for (EncodedInput e : encoded) {
            names.add(e.input.modality() + ":" + SourceInput.label(e.input));
        }
        return names;
    }

    private static List<float[]> vectors(List<EncodedInput> encoded) {
        List<float[]> out = new ArrayList<>();
        for (EncodedInput e : encoded) {
            out.add(e.embedding.vector());
        }
        return out;
    }

    /** Embeddings of different models live in different spaces: comparing them would print noise. */
    static void checkOneModel(List<EncodedInput> encoded) throws ModelMismatchException {
        EncodedInput first = encoded.get(0);
        for (EncodedInput e : encoded) {
            if (!e.embedding.modelId().equals(first.embedding.modelId())
                    || e.embedding.dimension() != first.embedding.dimension()) {
                throw new ModelMismatchException("cannot compare " + SourceInput.label(e.input) + " ("
                        + e.embedding.dimension() + "-d, " + e.embedding.modelId() + ") with "
                        + SourceInput.label(first.input) + " (" + first.embedding.dimension() + "-d, "
                        + first.embedding.modelId() + "): embeddings of different models do not share a space");
            }
        }
    }
}
