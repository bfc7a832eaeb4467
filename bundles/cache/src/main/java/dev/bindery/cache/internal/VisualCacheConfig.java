package dev.bindery.cache.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of one visual cache (factory PID {@code dev.bindery.cache}). */
@ObjectClassDefinition(name = "Bindery visual cache",
        description = "Opens a Bindery cache file (memory-mapped) and registers it as a VisualCache service.")
public @interface VisualCacheConfig {
    @AttributeDefinition(name = "Cache file", description = "Path of the cache file (written by CacheWriter or imported from .npy).")
    String file();

    @AttributeDefinition(name = "Name",
            description = "Published as bindery.cache.name, unique among caches; empty: the file name without extension.")
    String name() default "";

    @AttributeDefinition(name = "Verify checksum",
            description = "Check the vector matrix against its CRC32C when opening (reads the whole file once).")
    boolean verify_checksum() default true;

    @AttributeDefinition(name = "Residency",
            description = "mapped: the vectors stay in the memory-mapped file (opens in milliseconds); heap: they are"
                    + " copied into the JVM heap when the cache opens (heap of the matrix's size, e.g. 2 GB for"
                    + " 1 M x 1024 F16), and exact scans read them in place, without copying each block out of the"
                    + " mapping (faster, most on one thread). A cache that does not fit the free heap is refused.")
    String residency() default "mapped";

    @AttributeDefinition(name = "Threads", description = "Exact-search threads; 0: the shared kernel pool.")
    int threads() default 0;

    @AttributeDefinition(name = "Search",
            description = "exact: scan every entry; hnsw: walk the HNSW index (a missing or outdated index is an error);"
                    + " auto: the index when it exists and was built from this cache, the scan otherwise.")
    String search() default "auto";

    @AttributeDefinition(name = "HNSW index file",
            description = "The graph file written by bindery:cache-index; empty: the cache file's path + .hnsw.")
    String index_file() default "";

    @AttributeDefinition(name = "HNSW beam (ef)",
            description = "Candidates kept while walking the graph: more is slower and finds more true neighbours.")
    int hnsw_ef() default 100;
}
