package dev.bindery.llama.internal.generation;

import static dev.bindery.llama.testing.GoldenDir.ints;
import static dev.bindery.llama.testing.GoldenDir.list;
import static dev.bindery.llama.testing.GoldenDir.object;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.BinderyException;
import dev.bindery.api.llm.GenerationResult;
import dev.bindery.api.llm.SamplingOptions;
import dev.bindery.api.llm.StopReason;
import dev.bindery.llama.internal.sampling.GreedySampler;
import dev.bindery.llama.internal.tokenizer.SentencePieceTokenizer;
import dev.bindery.llama.testing.GoldenDir;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Replays every upstream generate() run: the loop must call the model with exactly upstream's (start_pos, tokens)
 * sequence; fed upstream's logits for those calls, it must produce upstream's tokens, text and stop.
 */
class GenerationLoopGoldenTest {

    @Test
    void replaysEveryGenerateRun() throws IOException, BinderyException {
        Manifest manifest = Golden.manifest(GoldenDir.GROUP);
        SentencePieceTokenizer tokenizer = SentencePieceTokenizer.load(manifest.path("llama/tokenizer.model"));
        Map<String, Object> config = object(GoldenDir.readJson(manifest.path("config.json")));
        int contextLength = Math.toIntExact((Long) config.get("max_seq_len"));
        List<String> runs = manifest.files(f -> f.endsWith("/result.json"));
        assertTrue(runs.size() >= 4, "generate runs: " + runs);
        for (String run : runs) {
            String dir = run.substring(0, run.lastIndexOf('/') + 1);
            Map<String, Object> result = object(GoldenDir.readJson(manifest.path(run)));
            List<Object> calls = list(result.get("step_calls"));
            TensorData stepLogits = Golden.npy(GoldenDir.GROUP + "/" + dir + "step_logits.npy");
            int vocab = (int) stepLogits.dim(1);
            float[] all = stepLogits.toFloatArray();
            int[] callIndex = {0};
            LogitsFunction replay = (tokens, startPos) -> {
                int k = callIndex[0]++;
                assertTrue(k < calls.size(), run + ": more model calls than upstream made");
                Map<String, Object> call = object(calls.get(k));
                assertEquals(((Long) call.get("start_pos")).intValue(), startPos, run + " call " + k + " start_pos");
                assertArrayEquals(ints(call.get("input_tokens")), tokens, run + " call " + k + " tokens");
                return Arrays.copyOfRange(all, k * vocab, (k + 1) * vocab);
            };
            StringBuilder streamed = new StringBuilder();
            int maxGen = ((Long) result.get("max_gen_len")).intValue();
            GenerationResult out = new GenerationLoop(tokenizer, contextLength).run(ints(result.get("prompt_ids")),
                    replay, new GreedySampler(), SamplingOptions.greedy().withMaxNewTokens(maxGen), streamed::append,
                    () -> false);

            assertEquals(calls.size(), callIndex[0], run + ": number of model calls");
            assertArrayEquals(ints(result.get("generated_ids")), out.tokens(), run + ": generated ids");
            assertEquals(result.get("generated_text"), out.text(), run + ": text");
            assertEquals(out.text(), streamed.toString(), run + ": streamed text");
            boolean eos = (Boolean) result.get("stopped_at_eos");
            assertEquals(eos ? StopReason.END_OF_SEQUENCE : StopReason.MAX_TOKENS, out.stopReason(), run);
            assertEquals(ints(result.get("prompt_ids")).length, out.promptTokens());
        }
    }
}
