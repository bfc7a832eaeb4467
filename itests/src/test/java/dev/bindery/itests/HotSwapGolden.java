package dev.bindery.itests;

import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.Json;
import dev.bindery.tensor.io.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Upstream's numbers the command checks compare with: the golden ImageBind embeddings of the images (by source file)
 * and texts, and the golden cache vectors, with the reference computations done here in double.
 */
final class HotSwapGolden {
    private final Map<String, float[]> images = new LinkedHashMap<>();
    private final List<float[]> texts;
    private final List<String> textStrings;
    private final List<float[]> cache;
    private final double tolerance;

    @SuppressWarnings("unchecked")
    HotSwapGolden(Path golden) throws Exception {
        Path imagebind = golden.resolve("imagebind_tiny");
        Map<String, Object> files = (Map<String, Object>) Json.parseObject(
                Files.readString(imagebind.resolve("manifest.json"))).get("files");
        Map<String, Object> vision = (Map<String, Object>) files.get("embeddings/vision.npy");
        List<float[]> visionRows = rows(Npy.read(imagebind.resolve("embeddings/vision.npy")));
        for (Object o : (List<Object>) vision.get("items")) {
            Map<String, Object> item = (Map<String, Object>) o;
            images.put((String) item.get("source_file"), visionRows.get(((Number) item.get("row")).intValue()));
        }
        tolerance = ((Number) ((Map<String, Object>) vision.get("tolerance")).get("atol")).doubleValue();
        texts = rows(Npy.read(imagebind.resolve("embeddings/text.npy")));
        textStrings = (List<String>) Json.parseObject(Files.readString(golden.resolve("preprocess/text/texts.json")))
                .get("texts");
        cache = rows(Npy.read(golden.resolve("imagebind_llm_tiny/cache/cache_vectors.npy")));
    }

    /** The golden images' files relative to the golden folder, in manifest order. */
    List<String> imageFiles() {
        return new ArrayList<>(images.keySet());
    }

    float[] image(String file) {
        return images.get(file);
    }

    /** The golden texts, row i of embeddings/text.npy being text i. */
    List<String> texts() {
        return textStrings;
    }

    List<float[]> textRows(int n) {
        return texts.subList(0, n);
    }

    double embeddingTolerance() {
        return tolerance;
    }

    double cosine(float[] a, float[] b) {
        return dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
    }

    /** softmax over the labels of the inner products, as ImageBind's README computes zero-shot. */
    double[] softmax(float[] x, List<float[]> labels) {
        double[] p = new double[labels.size()];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < p.length; j++) {
            p[j] = dot(x, labels.get(j));
            max = Math.max(max, p[j]);
        }
        double sum = 0;
        for (int j = 0; j < p.length; j++) {
            p[j] = Math.exp(p[j] - max);
            sum += p[j];
        }
        for (int j = 0; j < p.length; j++) {
            p[j] /= sum;
        }
        return p;
    }

    /** The rows of the golden cache with the largest inner products with the normalised {@code x}, best first. */
    int[] topCacheRows(float[] x, int k) {
        double norm = Math.sqrt(dot(x, x));
        Integer[] order = new Integer[cache.size()];
        double[] scores = new double[cache.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
            scores[i] = dot(x, cache.get(i)) / norm;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = order[i];
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    private static List<float[]> rows(TensorData matrix) {
        float[] flat = matrix.toFloatArray();
        int dim = (int) matrix.shape()[matrix.shape().length - 1];
        List<float[]> out = new ArrayList<>();
        for (int r = 0; r < flat.length / dim; r++) {
            float[] row = new float[dim];
            System.arraycopy(flat, r * dim, row, 0, dim);
            out.add(row);
        }
        return out;
    }
}
