/**
 * The visual cache contract: a {@link dev.bindery.api.cache.VisualCache} holds stored image embeddings and returns a
 * query's nearest neighbours, with their vectors, for cache-enhanced generation.
 */
@Export
@Version("1.0.0")
package dev.bindery.api.cache;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
