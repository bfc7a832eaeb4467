package dev.bindery.api.bind;

import dev.bindery.api.InvalidInputException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * ImageBind-LLM's bind network: turns a query of the shared embedding space (e.g. 1024-d) into the visual feature
 * injected into the language model (e.g. 4096-d, LLaMA's width). Registered with the service property
 * {@link #MODEL_ID}; thread-safe.
 */
@ProviderType
public interface BindNetwork {
    /** Service property: the id of the adapter checkpoint the network was loaded from. */
    String MODEL_ID = "bindery.model.id";

    String modelId();

    /** The query dimension (the embedding space's). */
    int inputDimension();

    /** The visual feature dimension (the language model's width). */
    int outputDimension();

    /**
     * Maps one query to a visual feature.
     *
     * @throws InvalidInputException if the query's length is not {@link #inputDimension()} or it holds a NaN or
     *                               infinity
     */
    float[] project(float[] query) throws InvalidInputException;
}
