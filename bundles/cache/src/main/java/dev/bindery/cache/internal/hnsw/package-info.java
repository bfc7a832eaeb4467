/**
 * The approximate index: Apache Lucene's HNSW graph (embedded, never exported) built over a cache's entries,
 * stored next to the cache file and searched in place. Only {@code dev.bindery.cache.HnswIndex} and
 * {@code HnswIndexBuilder} use it, so no Lucene type reaches another bundle.
 */
package dev.bindery.cache.internal.hnsw;
