package dev.bindery.api.strategy;

import dev.bindery.api.BinderyException;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * How a request's embeddings become the visual feature. Register an implementation as an OSGi service with the
 * service property {@link #NAME} (equal to {@link #name()}); the pipeline uses the strategy a request names, or the
 * configured default. Implementations are thread-safe and keep no per-request state.
 */
@ConsumerType
public interface GenerationStrategy {
    /** Service property: the strategy's name, e.g. {@code naive} or {@code cache-enhanced}. */
    String NAME = "bindery.strategy";

    String name();

    /** One line for listings. */
    String description();

    /**
     * Composes the visual feature.
     *
     * @param embeddings the request's non-empty list of embeddings with their weights, all of one model id
     * @param context    the bind network, caches, options and timing of this request
     */
    VisualFeature compose(List<WeightedEmbedding> embeddings, StrategyContext context) throws BinderyException;
}
