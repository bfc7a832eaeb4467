package dev.bindery.runtime.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the assistant pipeline (PID {@code dev.bindery.runtime}); every setting has a working default. */
@ObjectClassDefinition(name = "Bindery assistant",
        description = "The multimodal pipeline: which strategy and cache answer requests that do not name one.")
public @interface AssistantConfig {
    @AttributeDefinition(name = "Default strategy",
            description = "Generation strategy for requests that name none: naive, cache-enhanced, or a third-party one.")
    String strategy() default "naive";

    @AttributeDefinition(name = "Cache",
            description = "Name of the visual cache the cache-enhanced strategy searches; empty: the best-ranked cache.")
    String cache() default "";

    @AttributeDefinition(name = "Cache size", description = "Neighbours retrieved from the cache (upstream cache_size).")
    int cache_size() default 10;

    @AttributeDefinition(name = "Cache temperature", description = "Softmax temperature multiplier (upstream cache_t).")
    float cache_t() default 20f;

    @AttributeDefinition(name = "Cache weight",
            description = "Weight of the retrieved mix in the blend, 0..1 (upstream cache_weight).")
    float cache_weight() default 0.5f;

    @AttributeDefinition(name = "Encoding threads",
            description = "Inputs of one request encoded at once; 0: one per core.")
    int encode_threads() default 0;
}
