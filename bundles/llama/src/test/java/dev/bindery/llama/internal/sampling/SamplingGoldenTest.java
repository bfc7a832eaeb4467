package dev.bindery.llama.internal.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.llama.testing.GoldenDir;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sampling against upstream: the top-p fixture (topp/) and the greedy choices of every generate() run. */
class SamplingGoldenTest {
    private static Manifest manifest;

    @BeforeAll
    static void load() {
        manifest = Golden.manifest(GoldenDir.GROUP);
    }

    private static TensorData npy(String file) {
        return Golden.npy(GoldenDir.GROUP + "/" + file);
    }

    /** The value of {@code key} from the one topp/ manifest entry that states it. */
    private static Object toppSetting(String key) {
        List<String> files = manifest.files(f -> f.startsWith("topp/") && manifest.entry(f).containsKey(key));
        assertEquals(1, files.size(), "topp/ entries stating " + key);
        return manifest.entry(files.get(0)).get(key);
    }

    @Test
    void temperatureSoftmaxMatchesUpstream() {
        float temperature = ((Number) toppSetting("temperature")).floatValue();
        float[] probs = Softmax.withTemperature(npy("topp/logits.npy").toFloatArray(), temperature);
        Golden.assertClose(npy("topp/probs_temperature.npy"), probs, manifest.tolerance("topp/probs_temperature.npy"),
                "softmax(logits / " + temperature + ")");
    }

    @Test
    void topPFilterMatchesUpstream() {
        float topP = ((Number) toppSetting("top_p")).floatValue();
        // Start from upstream's own probabilities, so this checks the filter alone.
        float[] probs = npy("topp/probs_temperature.npy").toFloatArray();
        NucleusFilter.Result result = NucleusFilter.filter(probs, topP);

        int kept = ((Number) manifest.entry("topp/sort_indices.npy").get("n_kept")).intValue();
        assertEquals(kept, result.kept(), "tokens kept by top-p " + topP);
        long[] expectedOrder = npy("topp/sort_indices.npy").toLongArray();
        for (int i = 0; i < kept; i++) {
            assertEquals(expectedOrder[i], result.sortedIds()[i], "sorted position " + i);
        }
        Golden.assertClose(npy("topp/probs_sorted_filtered.npy"), result.sortedProbs(),
                manifest.tolerance("topp/probs_sorted_filtered.npy"), "filtered sorted probabilities");
        Golden.assertClose(npy("topp/probs_filtered_vocab_order.npy"), result.inVocabularyOrder(),
                manifest.tolerance("topp/probs_filtered_vocab_order.npy"), "filtered probabilities, vocabulary order");
    }

    @Test
    void wholeChainFromLogitsMatchesUpstream() {
        float temperature = ((Number) toppSetting("temperature")).floatValue();
        float topP = ((Number) toppSetting("top_p")).floatValue();
        float[] probs = Softmax.withTemperature(npy("topp/logits.npy").toFloatArray(), temperature);
        NucleusFilter.Result result = NucleusFilter.filter(probs, topP);
        Golden.assertClose(npy("topp/probs_filtered_vocab_order.npy"), result.inVocabularyOrder(),
                manifest.tolerance("topp/probs_filtered_vocab_order.npy"), "softmax + top-p from logits");
    }

    /** Row k of step_logits.npy is the distribution generated_ids[k] was chosen from (greedy runs). */
    @Test
    void greedyPicksEveryGeneratedToken() {
        List<String> runs = manifest.files(f -> f.endsWith("/step_logits.npy"));
        assertTrue(runs.size() >= 4, "runs with step logits: " + runs);
        GreedySampler greedy = new GreedySampler();
        for (String stepLogits : runs) {
            String dir = stepLogits.substring(0, stepLogits.lastIndexOf('/') + 1);
            TensorData logits = npy(stepLogits);
            long[] generated = npy(dir + "generated_ids.npy").toLongArray();
            int vocab = (int) logits.dim(1);
            float[] all = logits.toFloatArray();
            assertEquals(generated.length, logits.dim(0), stepLogits);
            long[] chosen = new long[generated.length];
            for (int k = 0; k < chosen.length; k++) {
                chosen[k] = greedy.sample(Arrays.copyOfRange(all, k * vocab, (k + 1) * vocab));
            }
            Golden.assertEqual(npy(dir + "generated_ids.npy"), chosen, "greedy choices of " + dir);
        }
    }

    @Test
    void theFixtureIsNotDegenerate() {
        Map<String, Object> entry = manifest.entry("topp/probs_sorted_filtered.npy");
        assertTrue(((Number) entry.get("n_kept")).intValue() > 1, "top-p must keep several tokens to be a test");
        float[] filtered = npy("topp/probs_filtered_vocab_order.npy").toFloatArray();
        assertFalse(filtered[GreedySampler.argmax(filtered)] > 0.999f);
    }
}
