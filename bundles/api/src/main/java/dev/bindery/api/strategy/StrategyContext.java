package dev.bindery.api.strategy;

import dev.bindery.api.ServiceUnavailableException;
import dev.bindery.api.bind.BindNetwork;
import dev.bindery.api.cache.VisualCache;
import java.time.Duration;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/** What a strategy may use while composing one request's visual feature. */
@ProviderType
public interface StrategyContext {
    /** The bind network of the language model that will answer. */
    BindNetwork bindNetwork();

    /**
     * The visual cache the configuration (or the request's {@code cache} option) selects.
     *
     * @throws ServiceUnavailableException if no such cache is registered
     */
    VisualCache cache() throws ServiceUnavailableException;

    /**
     * The strategy options: the configured values overridden by the request's, e.g. {@code cache_size},
     * {@code cache_t}, {@code cache_weight}. Unknown keys are the strategy's to reject.
     */
    Map<String, String> options();

    /** Records the time of a stage for the answer's timings, e.g. {@code cache} or {@code bind}. */
    void recordStage(String stage, Duration time);
}
