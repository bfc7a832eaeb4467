package dev.bindery.llama.internal.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.llm.SamplingOptions;
import dev.bindery.llama.testing.GoldenDir;
import dev.bindery.tensor.testing.Golden;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplerTest {
    private static final float[] LOGITS = {1.5f, -0.25f, 3f, 3f, 0.5f, -8f, 2.75f};

    private static float[] goldenLogits() {
        return Golden.npy(GoldenDir.GROUP + "/topp/logits.npy").toFloatArray();
    }

    @Test
    void greedyTakesTheFirstMaximum() {
        assertEquals(2, new GreedySampler().sample(LOGITS));
        assertEquals(0, new GreedySampler().sample(new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}));
    }

    @Test
    void samplersRefuseNaNAndEmptyLogits() {
        float[] nan = LOGITS.clone();
        nan[4] = Float.NaN;
        Sampler[] samplers = {new GreedySampler(), new NucleusSampler(0.8f, 0.9f, 0, new SplittableRandom(1))};
        for (Sampler s : samplers) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.sample(nan));
            assertTrue(e.getMessage().contains("NaN at token 4"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> s.sample(new float[0]));
        }
    }

    @Test
    void drawsFollowTheFilteredDistribution() {
        float[] logits = goldenLogits();
        float[] probs = Softmax.withTemperature(logits, 0.1f);
        NucleusFilter.Result nucleus = NucleusFilter.filter(probs, 0.75f);
        float[] expected = nucleus.inVocabularyOrder();
        NucleusSampler sampler = new NucleusSampler(0.1f, 0.75f, 0, new SplittableRandom(42));
        int draws = 20_000;
        int[] counts = new int[expected.length];
        for (int i = 0; i < draws; i++) {
            counts[sampler.sample(logits)]++;
        }
        for (int t = 0; t < expected.length; t++) {
            if (expected[t] == 0) {
                assertEquals(0, counts[t], "token " + t + " was cut by top-p but drawn");
            } else {
                double mean = draws * (double) expected[t];
                double sigma = Math.sqrt(draws * expected[t] * (1 - expected[t]));
                assertTrue(Math.abs(counts[t] - mean) < 5 * sigma + 1,
                        "token " + t + ": " + counts[t] + " draws, expected about " + mean);
            }
        }
    }

    @Test
    void aSeedRepeatsTheSameDraws() {
        int[] first = drawSequence(7);
        assertArrayEquals(first, drawSequence(7));
        assertFalse(java.util.Arrays.equals(first, drawSequence(8)), "another seed should give other draws");
    }

    private static int[] drawSequence(long seed) {
        Sampler s = Samplers.forOptions(SamplingOptions.defaults().withTemperature(1f).withTopP(1f).withSeed(seed), 0);
        int[] out = new int[64];
        for (int i = 0; i < out.length; i++) {
            out[i] = s.sample(LOGITS);
        }
        return out;
    }

    @Test
    void sortsDescendingWithTiesInIndexOrderForAnyFloat() {
        float[] values = {0f, -1f, Float.NEGATIVE_INFINITY, 2.5f, -0f, Float.POSITIVE_INFINITY, -1f, 1e-45f, 2.5f};
        assertArrayEquals(new int[] {5, 3, 8, 7, 0, 4, 1, 6, 2}, NucleusFilter.descendingOrder(values));
    }

    @Test
    void topKKeepsTheBestTokensWithTiesByLowerId() {
        float[] masked = TopK.mask(LOGITS, 2);
        assertArrayEquals(new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, 3f, 3f,
            Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}, masked);
        float[] tie = TopK.mask(new float[] {1f, 2f, 2f, 2f}, 2);
        assertArrayEquals(new float[] {Float.NEGATIVE_INFINITY, 2f, 2f, Float.NEGATIVE_INFINITY}, tie);
        assertArrayEquals(LOGITS, TopK.mask(LOGITS, 0));
        assertArrayEquals(LOGITS, TopK.mask(LOGITS, 99));

        NucleusSampler topOne = new NucleusSampler(5f, 1f, 1, new SplittableRandom(3));
        for (int i = 0; i < 100; i++) {
            assertEquals(2, topOne.sample(LOGITS), "top-k 1 is greedy whatever the temperature");
        }
    }

    @Test
    void topPKeepsTheSmallestPrefixReachingTheMass() {
        float[] probs = {0.1f, 0.4f, 0.3f, 0.2f};
        NucleusFilter.Result r = NucleusFilter.filter(probs, 0.5f);
        // Sorted 0.4, 0.3, 0.2, 0.1: mass before each is 0, 0.4, 0.7, 0.9 -> keep the first two.
        assertArrayEquals(new int[] {1, 2, 3, 0}, r.sortedIds());
        assertEquals(2, r.kept());
        assertArrayEquals(new float[] {0.4f / 0.7f, 0.3f / 0.7f, 0f, 0f}, r.sortedProbs(), 1e-6f);
        assertEquals(4, NucleusFilter.filter(probs, 1f).kept());
        assertEquals(1, NucleusFilter.filter(probs, 1e-6f).kept(), "the most likely token always survives");
        assertArrayEquals(new int[] {2, 0, 1}, NucleusFilter.filter(new float[] {0.25f, 0.25f, 0.5f}, 1f).sortedIds(),
                "equal probabilities keep vocabulary order (stable sort)");
    }

    @Test
    void optionsChooseTheSampler() {
        assertInstanceOf(GreedySampler.class, Samplers.forOptions(SamplingOptions.greedy(), 1));
        assertInstanceOf(NucleusSampler.class, Samplers.forOptions(SamplingOptions.defaults(), 1));
        assertThrows(IllegalArgumentException.class, () -> new NucleusSampler(0f, 0.5f, 0, new SplittableRandom()));
        assertThrows(IllegalArgumentException.class, () -> new NucleusSampler(1f, 0f, 0, new SplittableRandom()));
        assertThrows(IllegalArgumentException.class, () -> new NucleusSampler(1f, 1.5f, 0, new SplittableRandom()));
        assertThrows(IllegalArgumentException.class, () -> new NucleusSampler(1f, 1f, -1, new SplittableRandom()));
        assertThrows(IllegalArgumentException.class, () -> Softmax.withTemperature(LOGITS, Float.NaN));
    }

    @Test
    void multinomialRefusesImpossibleWeights() {
        SplittableRandom r = new SplittableRandom(5);
        assertThrows(IllegalArgumentException.class, () -> Multinomial.draw(new float[] {0f, 0f}, r));
        assertThrows(IllegalArgumentException.class, () -> Multinomial.draw(new float[] {0.5f, -0.1f}, r));
        assertThrows(IllegalArgumentException.class, () -> Multinomial.draw(new float[] {Float.NaN}, r));
        assertThrows(IllegalArgumentException.class,
                () -> Multinomial.draw(new float[] {Float.POSITIVE_INFINITY}, r));
        for (int i = 0; i < 200; i++) {
            assertEquals(2, Multinomial.draw(new float[] {0f, 0f, 1e-30f, 0f}, r));
        }
    }
}
