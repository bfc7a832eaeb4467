package dev.bindery.packages;

/**
 * The optional visual cache of a package (a Bindery cache file, see {@code dev.bindery.cache.CacheFile}).
 *
 * @param file  its path inside the package
 * @param count the number of vectors
 * @param dim   their width (the ImageBind dimension)
 */
public record CachePart(String file, long count, int dim) {
}
