package dev.bindery.runtime.internal;

import dev.bindery.api.ServiceUnavailableException;
import dev.bindery.api.bind.BindNetwork;
import dev.bindery.api.cache.VisualCache;
import dev.bindery.api.strategy.StrategyContext;
import java.time.Duration;
import java.util.Map;

/** What one request's strategy may use: its bind network, the selected cache, its options and its stage clock. */
final class RequestStrategyContext implements StrategyContext {
    /** The option a request uses to pick a cache by name. */
    static final String CACHE_OPTION = "cache";

    private final BindNetwork bind;
    private final RankedServices<VisualCache> caches;
    private final Map<String, String> options;
    private final String configuredCache;
    private final StageTimes stages;

    RequestStrategyContext(BindNetwork bind, RankedServices<VisualCache> caches, Map<String, String> options,
            String configuredCache, StageTimes stages) {
        this.bind = bind;
        this.caches = caches;
        this.options = Map.copyOf(options);
        this.configuredCache = configuredCache;
        this.stages = stages;
    }

    @Override
    public BindNetwork bindNetwork() {
        return bind;
    }

    @Override
    public VisualCache cache() throws ServiceUnavailableException {
        String name = options.getOrDefault(CACHE_OPTION, configuredCache);
        if (name == null || name.isEmpty()) {
            return caches.best(e -> true).map(e -> e.service)
                    .orElseThrow(() -> new ServiceUnavailableException("no visual cache is registered"));
        }
        return caches.best(e -> name.equals(e.property(VisualCache.NAME))).map(e -> e.service)
                .orElseThrow(() -> new ServiceUnavailableException("no visual cache named '" + name
                        + "' is registered"));
    }

    @Override
    public Map<String, String> options() {
        return options;
    }

    @Override
    public void recordStage(String stage, Duration time) {
        stages.record(stage, time);
    }
}
