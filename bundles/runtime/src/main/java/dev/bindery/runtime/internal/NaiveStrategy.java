package dev.bindery.runtime.internal;

import dev.bindery.api.BinderyException;
import dev.bindery.api.strategy.GenerationStrategy;
import dev.bindery.api.strategy.StrategyContext;
import dev.bindery.api.strategy.VisualFeature;
import dev.bindery.api.strategy.WeightedEmbedding;
import java.time.Duration;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/** The {@code naive} strategy: the weighted mix of the embeddings goes straight into the bind network. */
@Component(service = GenerationStrategy.class, immediate = true,
        property = GenerationStrategy.NAME + "=" + NaiveStrategy.NAME)
public final class NaiveStrategy implements GenerationStrategy {
    static final String NAME = "naive";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "weighted mix of the normalised embeddings -> bind network (no cache)";
    }

    @Override
    public VisualFeature compose(List<WeightedEmbedding> embeddings, StrategyContext context) throws BinderyException {
        float[] query = EmbeddingMix.mix(embeddings);
        long start = System.nanoTime();
        float[] feature = context.bindNetwork().project(query);
        context.recordStage("bind", Duration.ofNanos(System.nanoTime() - start));
        return new VisualFeature(query, feature, List.of());
    }
}
