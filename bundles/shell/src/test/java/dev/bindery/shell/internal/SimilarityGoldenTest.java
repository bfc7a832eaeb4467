package dev.bindery.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.Json;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import dev.bindery.tensor.testing.Tolerance;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code bindery:similarity}'s formulas against upstream's numbers. The golden set has no zero-shot matrix, but
 * ImageBind-LLM's cache step computes the same softmax over inner products ({@code softmax(cache_t * <q, c_j>)},
 * {@code cache/softmax_weights.npy}) and the same inner products ({@code cache/topk_sims.npy}); the ImageBind
 * embeddings check the cosine matrix against the encoders' own normalisation.
 */
class SimilarityGoldenTest {
    private static final String LLM = "imagebind_llm_tiny";

    @Test
    void zeroShotIsUpstreamsSoftmaxOverInnerProducts() throws Exception {
        Manifest manifest = Golden.manifest(LLM);
        Map<String, Object> result = Json.parseObject(Files.readString(Golden.path(LLM + "/cache/result.json")));
        float cacheT = ((Number) settings(result).get("cache_t")).floatValue();
        float[] query = Golden.npy(LLM + "/cache/query_before_cache.npy").toFloatArray();
        // The cache temperature plays the part of the text encoder's logit scale: it is carried by the input.
        float[] scaled = new float[query.length];
        for (int k = 0; k < query.length; k++) {
            scaled[k] = cacheT * query[k];
        }
        List<float[]> labels = neighbours(manifest);

        float[][] p = Similarity.zeroShot(List.of(scaled), labels);

        Golden.assertClose(Golden.npy(LLM + "/cache/softmax_weights.npy"), p[0],
                manifest.tolerance("cache/softmax_weights.npy"), "zero-shot softmax");
        assertEquals(0, Similarity.argmax(p[0]), "the best neighbour is the most likely label");
    }

    @Test
    void cosineTimesTheQueryNormIsUpstreamsInnerProduct() {
        Manifest manifest = Golden.manifest(LLM);
        float[] query = Golden.npy(LLM + "/cache/query_before_cache.npy").toFloatArray();
        List<float[]> labels = neighbours(manifest);
        float[][] cosine = Similarity.cosine(List.of(query), labels);
        double queryNorm = Similarity.norm(query);
        TensorData sims = Golden.npy(LLM + "/cache/topk_sims.npy");
        double[] scaled = new double[labels.size()];
        for (int j = 0; j < scaled.length; j++) {
            // the cache vectors are unit vectors, so <q, c> = cos(q, c) * |q|
            scaled[j] = cosine[0][j] * queryNorm;
        }
        Golden.assertClose(sims, scaled, manifest.tolerance("cache/topk_sims.npy"), "cosine x |q|");
    }

    @Test
    void cosineMatrixOfEveryEmbeddingFileIsSymmetricWithAUnitDiagonal() {
        Manifest manifest = Golden.manifest("imagebind_tiny");
        List<String> files = manifest.files(f -> f.startsWith("embeddings/") && f.endsWith(".npy"));
        assertTrue(files.size() >= 7, "embedding files: " + files);
        for (String file : files) {
            List<float[]> rows = rows(Golden.npy("imagebind_tiny/" + file));
            float[][] m = Similarity.cosine(rows, rows);
            Tolerance tol = manifest.tolerance(file);
            for (int i = 0; i < rows.size(); i++) {
                assertTrue(tol.accepts(1.0, m[i][i]), file + " row " + i + " with itself: " + m[i][i]);
                for (int j = 0; j < rows.size(); j++) {
                    assertEquals(m[i][j], m[j][i], 1e-7, file + " is not symmetric at " + i + "," + j);
                    assertTrue(m[i][j] <= 1.0000001f && m[i][j] >= -1.0000001f, file + ": " + m[i][j]);
                }
            }
        }
    }

    @Test
    void zeroShotRowsSumToOneAndDifferentDimensionsAreRefused() {
        List<float[]> vision = rows(Golden.npy("imagebind_tiny/embeddings/vision.npy"));
        List<float[]> text = rows(Golden.npy("imagebind_tiny/embeddings/text.npy"));
        for (float[] row : Similarity.zeroShot(vision, text)) {
            double sum = 0;
            for (float v : row) {
                sum += v;
            }
            assertEquals(1.0, sum, 1e-5);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Similarity.zeroShot(List.of(new float[3]), List.of(new float[4])));
        assertTrue(e.getMessage().contains("3-d") && e.getMessage().contains("4-d"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Similarity.zeroShot(vision, List.of()));
    }

    /** The cache rows upstream retrieved, in its order (best first). */
    private static List<float[]> neighbours(Manifest manifest) {
        TensorData cache = Golden.npy(LLM + "/cache/cache_vectors.npy");
        long[] ids = Golden.npy(LLM + "/cache/topk_indices.npy").toLongArray();
        List<float[]> all = rows(cache);
        List<float[]> out = new ArrayList<>();
        for (long id : ids) {
            out.add(all.get((int) id));
        }
        assertEquals(manifest.shape("cache/topk_indices.npy")[0], out.size());
        return out;
    }

    private static List<float[]> rows(TensorData matrix) {
        float[] flat = matrix.toFloatArray();
        int dim = (int) matrix.dim(matrix.rank() - 1);
        List<float[]> out = new ArrayList<>();
        for (int r = 0; r < flat.length / dim; r++) {
            float[] row = new float[dim];
            System.arraycopy(flat, r * dim, row, 0, dim);
            out.add(row);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> settings(Map<String, Object> result) {
        return (Map<String, Object>) result.get("cache");
    }
}
