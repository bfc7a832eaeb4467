package dev.bindery.llama.internal.load;

import static dev.bindery.llama.testing.GoldenDir.ints;
import static dev.bindery.llama.testing.GoldenDir.list;
import static dev.bindery.llama.testing.GoldenDir.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.BinderyException;
import dev.bindery.llama.internal.model.Llama;
import dev.bindery.llama.internal.model.LlamaState;
import dev.bindery.llama.internal.sampling.GreedySampler;
import dev.bindery.llama.testing.GoldenDir;
import dev.bindery.llama.testing.TinyLlama;
import dev.bindery.tensor.DType;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Q8_0 and Q4_0 against upstream's float32 logits, teacher-forced over every generate() run of the fixtures (80
 * steps).
 *
 * <p>Stated error, measured on the tiny model with every LLaMA matrix quantised (embedding and output included;
 * LoRA, biases, norms, gates stay float32); the bounds are about 1.3x the worst value seen:
 * <ul>
 *   <li>Q8_0: max |diff| 0.119, relative RMS 1.2%; the greedy choice equals upstream's at 77 of 80 steps, and where
 *       it differs it is upstream's second choice.</li>
 *   <li>Q4_0: max |diff| 1.82, relative RMS 20%; equal at 57 of 80 steps, worst: upstream's 11th choice. (The
 *       Q4_0 kernel quantises its input to 8 bits per block, as llama.cpp does; with float inputs it was 1.81, 20%
 *       and 59 of 80.)</li>
 * </ul>
 * The tiny model's margins are far below these errors (upstream's smallest top-1/top-2 gap in the greedy runs is
 * 0.0127, the largest gap of any step 2.3), so free-running greedy sequences diverge once a near tie flips and
 * cannot be required to be identical. Measured ids before the first difference: Q8_0 decode 20/20, naive 23/24,
 * cache 4/24, point 12/12; Q4_0 13/20, 3/24, 3/24, 0/12.
 */
class QuantizedParityTest {
    private record Bound(WeightFormat format, double maxAbs, double relRms, double minAgreement, int maxRank) {
    }

    private static final List<Bound> BOUNDS = List.of(
            new Bound(WeightFormat.Q8_0, 0.15, 0.016, 0.9, 1),
            new Bound(WeightFormat.Q4_0, 2.4, 0.26, 0.65, 12));

    @Test
    void quantisedLogitsStayWithinTheStatedErrorAndKeepClearGreedyChoices() throws IOException, BinderyException {
        Manifest manifest = Golden.manifest(GoldenDir.GROUP);
        WeightSet stored = TinyLlama.weights();
        for (Bound bound : BOUNDS) {
            WeightSet ws = WeightFormats.convert(stored, bound.format());
            assertEquals(bound.format().dtype(), ws.require(TensorNames.weight(1, TensorNames.Projection.DOWN)).dtype());
            assertEquals(DType.F32, ws.require(TensorNames.loraA(1, TensorNames.Projection.DOWN)).dtype(),
                    "LoRA stays float32");
            Llama llama = TinyLlama.build(ws);
            assertEquals(bound.format().name(), llama.weightFormat());
            int steps = 0;
            int agreeing = 0;
            int worstRank = 0;
            for (String run : manifest.files(f -> f.endsWith("/result.json"))) {
                Map<String, Object> result = object(GoldenDir.readJson(manifest.path(run)));
                if (!result.containsKey("step_calls")) {
                    continue;
                }
                String dir = run.substring(0, run.lastIndexOf('/') + 1);
                float[] expected = TinyLlama.floats(dir + "step_logits.npy");
                LlamaState state = llama.newState(TinyLlama.CONTEXT, TinyLlama.floats(dir + "visual_feature.npy"));
                int vocab = llama.config().vocabSize();
                List<Object> calls = list(result.get("step_calls"));
                double worst = 0;
                double diffSq = 0;
                double refSq = 0;
                for (int k = 0; k < calls.size(); k++) {
                    Map<String, Object> call = object(calls.get(k));
                    float[] logits = llama.forward(state, ints(call.get("input_tokens")),
                            ((Long) call.get("start_pos")).intValue());
                    float[] want = new float[vocab];
                    System.arraycopy(expected, k * vocab, want, 0, vocab);
                    for (int i = 0; i < vocab; i++) {
                        double d = logits[i] - want[i];
                        worst = Math.max(worst, Math.abs(d));
                        diffSq += d * d;
                        refSq += (double) want[i] * want[i];
                    }
                    int rank = rankOf(want, GreedySampler.argmax(logits));
                    steps++;
                    agreeing += rank == 0 ? 1 : 0;
                    worstRank = Math.max(worstRank, rank);
                }
                double relRms = Math.sqrt(diffSq / refSq);
                System.out.printf("%s %s: max |diff| %.4f, relative RMS %.4f%n", bound.format(), dir, worst, relRms);
                assertTrue(worst <= bound.maxAbs(), bound.format() + " " + dir + ": max |diff| " + worst);
                assertTrue(relRms <= bound.relRms(), bound.format() + " " + dir + ": relative RMS " + relRms);
            }
            System.out.printf("%s: greedy choice equal to upstream's at %d of %d steps, worst rank %d%n",
                    bound.format(), agreeing, steps, worstRank);
            assertTrue(agreeing >= bound.minAgreement() * steps, bound.format() + ": greedy choice equal at "
                    + agreeing + " of " + steps + " steps");
            assertTrue(worstRank <= bound.maxRank(), bound.format() + ": a greedy choice was upstream's token of rank "
                    + worstRank);
        }
    }

    /** How many logits are larger than the one of {@code id} (0: it is the top choice). */
    private static int rankOf(float[] logits, int id) {
        int rank = 0;
        for (float v : logits) {
            if (v > logits[id]) {
                rank++;
            }
        }
        return rank;
    }
}
