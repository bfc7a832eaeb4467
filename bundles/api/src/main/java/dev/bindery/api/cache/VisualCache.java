package dev.bindery.api.cache;

import dev.bindery.api.InvalidInputException;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A searchable store of unit-norm image embeddings (ImageBind-LLM's cache model: keys are values). Several caches may
 * be registered at once; each carries the service properties {@link #NAME}, {@link #MODEL_ID} and
 * {@link #DIMENSION}. Thread-safe.
 */
@ProviderType
public interface VisualCache {
    /** Service property: the cache's name, unique among registered caches. */
    String NAME = "bindery.cache.name";
    /** Service property: the id of the embedding model whose vectors the cache stores. */
    String MODEL_ID = "bindery.model.id";
    /** Service property: the vector dimension as an Integer. */
    String DIMENSION = "bindery.dimension";

    CacheInfo info();

    /**
     * The {@code k} stored vectors with the largest inner product with {@code query}, best first. Returns fewer when
     * the cache holds fewer than {@code k} entries.
     *
     * @throws InvalidInputException if the query's dimension is wrong, it holds a NaN, or {@code k < 1}
     */
    List<Neighbour> search(float[] query, int k) throws InvalidInputException;
}
