package dev.bindery.llama.internal.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.InvalidInputException;
import dev.bindery.llama.testing.GoldenDir;
import dev.bindery.llama.testing.TinyLlama;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Whole-prompt logits against upstream: every {@code logits/(last|full)_logits_(visual|novisual).npy} of the
 * manifest. "visual" is {@code forward_inference} / the training forward with the adapter in every layer;
 * "novisual" is {@code Transformer.forward}: the same fine-tuned LLaMA (LoRA, biases, fine-tuned norms) without
 * the adapter term.
 */
class LlamaLogitsGoldenTest {
    private static final Pattern CASE = Pattern.compile("logits/(last|full)_logits_(visual|novisual)\\.npy");

    @Test
    void everyLogitsFixtureMatches() throws InvalidInputException {
        Manifest manifest = Golden.manifest(GoldenDir.GROUP);
        Llama llama = TinyLlama.build(TinyLlama.weights());
        int[] prompt = TinyLlama.ints("logits/prompt_ids.npy");
        float[] feature = TinyLlama.floats("logits/visual_feature.npy");
        List<String> cases = manifest.files(f -> CASE.matcher(f).matches());
        assertEquals(4, cases.size(), "logits cases: " + cases);
        for (String file : cases) {
            Matcher m = CASE.matcher(file);
            assertTrue(m.matches());
            boolean full = m.group(1).equals("full");
            boolean visual = m.group(2).equals("visual");
            LlamaState state = llama.newState(TinyLlama.CONTEXT, visual ? feature : null);
            float[] all = full ? new float[prompt.length * llama.config().vocabSize()] : null;
            float[] last = llama.forward(state, prompt, 0, all);
            float[] actual = full ? all : last;
            Golden.assertClose(Golden.npy(GoldenDir.GROUP + "/" + file), actual, manifest.tolerance(file), file);
            System.out.printf("%s: max |diff| %.3g%n", file,
                    maxAbsDiff(TinyLlama.floats(file), actual));
            if (full) {
                // the batched product sums in another order than the mat-vec: equal up to float rounding
                int v = llama.config().vocabSize();
                double d = maxAbsDiff(Arrays.copyOfRange(all, all.length - v, all.length), last);
                assertTrue(d < 1e-5, file + ": last row of the full logits vs last-position logits differ by " + d);
            }
        }
    }

    static double maxAbsDiff(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs((double) expected[i] - actual[i]));
        }
        return max;
    }
}
