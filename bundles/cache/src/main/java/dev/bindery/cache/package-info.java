/**
 * ImageBind-LLM's cache model: stored unit-norm image embeddings (keys are values), exact top-k inner-product
 * search, and the cache-enhanced blend of a query with its neighbours.
 *
 * <p><b>Provides</b> the {@link dev.bindery.api.cache.VisualCache} service (one per configuration of the factory PID
 * {@code dev.bindery.cache}, with the properties {@code bindery.cache.name}, {@code bindery.model.id} and
 * {@code bindery.dimension}, registered only when the file opens and checks out), and for other bundles:
 * the cache file format ({@link dev.bindery.cache.CacheFile} to read, {@link dev.bindery.cache.CacheWriter} to write
 * atomically, {@link dev.bindery.cache.CacheFiles} to import {@code .npy} and append,
 * {@link dev.bindery.cache.CacheBuilder} to build a cache from images through any encoder, resumably), the search
 * ({@link dev.bindery.cache.ExactSearch}, {@link dev.bindery.cache.MappedVisualCache}) and the blend math
 * ({@link dev.bindery.cache.CacheBlend}, {@link dev.bindery.cache.CacheOptions}) that a {@code cache-enhanced}
 * generation strategy applies to the mixed query.
 *
 * <p><b>Consumes</b> the tensor bundle (vectorised kernels, thread pool, half-precision conversion) and the API
 * bundle's contracts.
 */
@Export
@Version("1.2.0")
package dev.bindery.cache;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
