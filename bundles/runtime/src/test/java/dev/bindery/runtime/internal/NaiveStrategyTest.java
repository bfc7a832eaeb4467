package dev.bindery.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.bind.BindNetwork;
import dev.bindery.api.cache.VisualCache;
import dev.bindery.api.modality.Embedding;
import dev.bindery.api.modality.Modality;
import dev.bindery.api.strategy.StrategyContext;
import dev.bindery.api.strategy.VisualFeature;
import dev.bindery.api.strategy.WeightedEmbedding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NaiveStrategyTest {

    @Test
    void sendsTheMixThroughTheBindNetworkAndTimesIt() throws Exception {
        List<String> stages = new ArrayList<>();
        StrategyContext context = new StrategyContext() {
            @Override
            public BindNetwork bindNetwork() {
                return new DoublingBindNetwork();
            }

            @Override
            public VisualCache cache() {
                throw new AssertionError("the naive strategy uses no cache");
            }

            @Override
            public Map<String, String> options() {
                return Map.of();
            }

            @Override
            public void recordStage(String stage, Duration time) {
                stages.add(stage);
            }
        };
        List<WeightedEmbedding> input = List.of(
                new WeightedEmbedding(new Embedding(Modality.IMAGE, "m", new float[] {3, 4}), 3),
                new WeightedEmbedding(new Embedding(Modality.AUDIO, "m", new float[] {0, 2}), 1));
        VisualFeature feature = new NaiveStrategy().compose(input, context);

        float[] expectedQuery = {0.6f * 0.75f, 0.8f * 0.75f + 0.25f};
        assertArrayEquals(expectedQuery, feature.query(), 1e-6f);
        assertArrayEquals(new float[] {2 * expectedQuery[0], 2 * expectedQuery[1], 1}, feature.feature(), 1e-6f);
        assertTrue(feature.neighbours().isEmpty());
        assertEquals(List.of("bind"), stages);
    }

    /** A stand-in bind network: doubles the query and appends a 1, so the test sees what went in. */
    private static final class DoublingBindNetwork implements BindNetwork {
        @Override
        public String modelId() {
            return "doubling";
        }

        @Override
        public int inputDimension() {
            return 2;
        }

        @Override
        public int outputDimension() {
            return 3;
        }

        @Override
        public float[] project(float[] query) {
            return new float[] {2 * query[0], 2 * query[1], 1};
        }
    }
}
