package dev.bindery.runtime.internal;

import dev.bindery.api.BinderyException;
import dev.bindery.api.InvalidInputException;
import dev.bindery.api.strategy.GenerationStrategy;
import dev.bindery.api.strategy.StrategyContext;
import dev.bindery.api.strategy.VisualFeature;
import dev.bindery.api.strategy.WeightedEmbedding;
import dev.bindery.cache.CacheBlend;
import dev.bindery.cache.CacheOptions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code cache-enhanced} strategy, ImageBind-LLM's inference with its cache model: the weighted mix of the
 * embeddings retrieves its top-k neighbours from the visual cache, their softmax-weighted sum is blended into the mix
 * ({@code cache_size}, {@code cache_t}, {@code cache_weight}; defaults 10, 20, 0.5), and the blend goes into the
 * bind network.
 */
@Component(service = GenerationStrategy.class, immediate = true,
        property = GenerationStrategy.NAME + "=" + CacheEnhancedStrategy.NAME)
public final class CacheEnhancedStrategy implements GenerationStrategy {
    static final String NAME = "cache-enhanced";
    /** The option that picks a cache by name; the context resolves it, the strategy only accepts it. */
    static final String CACHE_OPTION = "cache";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "weighted mix -> top-k neighbours from the visual cache blended in -> bind network";
    }

    @Override
    public VisualFeature compose(List<WeightedEmbedding> embeddings, StrategyContext context) throws BinderyException {
        CacheOptions options = options(context);
        float[] mixed = EmbeddingMix.mix(embeddings);
        long start = System.nanoTime();
        CacheBlend.Result blended = CacheBlend.enhance(context.cache(), mixed, options);
        context.recordStage("cache", Duration.ofNanos(System.nanoTime() - start));
        start = System.nanoTime();
        float[] feature = context.bindNetwork().project(blended.query());
        context.recordStage("bind", Duration.ofNanos(System.nanoTime() - start));
        return new VisualFeature(blended.query(), feature, blended.neighbours());
    }

    private static CacheOptions options(StrategyContext context) throws InvalidInputException {
        Set<String> unknown = new TreeSet<>(context.options().keySet());
        unknown.removeAll(CacheOptions.KEYS);
        unknown.remove(CACHE_OPTION);
        if (!unknown.isEmpty()) {
            throw new InvalidInputException("the " + NAME + " strategy has no option " + unknown + "; it takes "
                    + new TreeSet<>(CacheOptions.KEYS) + " and " + CACHE_OPTION);
        }
        return CacheOptions.from(context.options());
    }
}
