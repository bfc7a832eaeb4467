package dev.bindery.cache.internal.hnsw;

/**
 * What ties a graph file to the cache it was built from: the cache's entry count, dimension and matrix checksum. A
 * graph whose binding differs from the cache's (the cache was rebuilt, appended to or replaced) is refused.
 */
public record GraphBinding(long entries, int dimension, int matrixCrc) {
    @Override
    public String toString() {
        return entries + " x " + dimension + ", matrix crc32c " + Integer.toHexString(matrixCrc);
    }
}
