package dev.bindery.llama.internal.model;

import static dev.bindery.llama.testing.GoldenDir.ints;
import static dev.bindery.llama.testing.GoldenDir.list;
import static dev.bindery.llama.testing.GoldenDir.object;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.BinderyException;
import dev.bindery.api.llm.GenerationResult;
import dev.bindery.api.llm.SamplingOptions;
import dev.bindery.api.llm.TokenListener;
import dev.bindery.llama.internal.sampling.GreedySampler;
import dev.bindery.llama.internal.service.LlamaGenerator;
import dev.bindery.llama.internal.tokenizer.SentencePieceTokenizer;
import dev.bindery.llama.testing.GoldenDir;
import dev.bindery.llama.testing.TinyLlama;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import dev.bindery.tensor.testing.Tolerance;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every upstream generate() run of the fixtures (each {@code result.json} with {@code step_calls}): first
 * teacher-forced, feeding upstream's (start_pos, tokens) calls with the KV cache and comparing each row of
 * {@code step_logits.npy}; then free-running greedy decoding, which must give upstream's ids exactly.
 */
class LlamaDecodeGoldenTest {

    @Test
    void everyRunMatchesStepByStepAndGreedy() throws IOException, BinderyException {
        Manifest manifest = Golden.manifest(GoldenDir.GROUP);
        Llama llama = TinyLlama.build(TinyLlama.weights());
        SentencePieceTokenizer tokenizer = SentencePieceTokenizer.load(manifest.path("llama/tokenizer.model"));
        LlamaGenerator generator = new LlamaGenerator(llama, tokenizer);
        List<String> runs = manifest.files(f -> f.endsWith("/result.json"));
        int checked = 0;
        for (String run : runs) {
            Map<String, Object> result = object(GoldenDir.readJson(manifest.path(run)));
            if (!result.containsKey("step_calls")) {
                continue;
            }
            String dir = run.substring(0, run.lastIndexOf('/') + 1);
            float[] feature = TinyLlama.floats(dir + "visual_feature.npy");
            String logitsFile = dir + "step_logits.npy";
            Tolerance tol = manifest.tolerance(logitsFile);
            float[] expected = TinyLlama.floats(logitsFile);
            int vocab = llama.config().vocabSize();

            LlamaState state = llama.newState(TinyLlama.CONTEXT, feature);
            List<Object> calls = list(result.get("step_calls"));
            assertEquals(expected.length / vocab, calls.size(), run + ": one logits row per call");
            double worst = 0;
            for (int k = 0; k < calls.size(); k++) {
                Map<String, Object> call = object(calls.get(k));
                int start = ((Long) call.get("start_pos")).intValue();
                float[] logits = llama.forward(state, ints(call.get("input_tokens")), start);
                double[] row = new double[vocab];
                double[] want = new double[vocab];
                for (int i = 0; i < vocab; i++) {
                    row[i] = logits[i];
                    want[i] = expected[k * vocab + i];
                    worst = Math.max(worst, Math.abs(row[i] - want[i]));
                }
                Golden.assertClose(want, null, row, tol, run + " step " + k);
            }
            System.out.printf("%s: %d steps, max |diff| %.3g%n", dir, calls.size(), worst);

            int[] wantIds = TinyLlama.ints(dir + "generated_ids.npy");
            assertArrayEquals(ints(result.get("generated_ids")), wantIds, run + ": result.json vs npy");
            int maxGen = ((Long) result.get("max_gen_len")).intValue();
            GenerationResult out = generator.run(ints(result.get("prompt_ids")), feature,
                    SamplingOptions.greedy().withMaxNewTokens(maxGen), new GreedySampler(), TokenListener.NONE,
                    () -> false);
            assertArrayEquals(wantIds, out.tokens(), run + ": greedy ids " + Arrays.toString(out.tokens()));
            assertEquals(result.get("generated_text"), out.text(), run + ": text");
            checked++;
        }
        assertTrue(checked >= 4, "generate runs checked: " + checked);
    }
}
