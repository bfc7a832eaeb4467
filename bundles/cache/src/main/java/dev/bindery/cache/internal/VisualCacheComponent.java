package dev.bindery.cache.internal;

import dev.bindery.api.cache.VisualCache;
import dev.bindery.cache.CacheFile;
import dev.bindery.cache.HnswIndex;
import dev.bindery.cache.MappedVisualCache;
import dev.bindery.cache.Residency;
import dev.bindery.cache.SearchMode;
import dev.bindery.tensor.kernel.Parallel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens one cache file per configuration and registers it as a {@link VisualCache} with the properties
 * {@link VisualCache#NAME}, {@link VisualCache#MODEL_ID} and {@link VisualCache#DIMENSION}. The service is
 * registered by hand after the file (and, when the configuration asks for it, its HNSW index) has opened and checked
 * out, so a bad file never appears as a service: the problem is logged with the file, and the component stays
 * without a service until its configuration changes. With {@code search = auto} an outdated or broken index is
 * logged and the cache is searched exactly.
 */
@Component(configurationPid = VisualCacheComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {})
@Designate(ocd = VisualCacheConfig.class, factory = true)
public final class VisualCacheComponent {
    /** The factory PID of cache configurations. */
    public static final String PID = "dev.bindery.cache";

    /** Service property: how the cache is searched, {@code exact} or {@code hnsw}. */
    public static final String SEARCH_PROPERTY = "bindery.cache.search";

    private static final Logger LOG = LoggerFactory.getLogger(VisualCacheComponent.class);

    private final CacheFile file;
    private final Parallel ownPool;
    private final ServiceRegistration<VisualCache> registration;

    @Activate
    public VisualCacheComponent(BundleContext context, VisualCacheConfig config) {
        String path = config.file() == null ? "" : config.file().trim();
        CacheFile opened = null;
        SearchMode mode = null;
        Residency residency = null;
        try {
            mode = SearchMode.parse(config.search());
            residency = Residency.parse(config.residency());
        } catch (IllegalArgumentException e) {
            LOG.error("visual cache configuration for {}: {}; no VisualCache service", path, e.getMessage());
        }
        if (path.isEmpty()) {
            LOG.error("visual cache configuration has no file: no VisualCache service");
        } else if (mode != null && residency != null) {
            try {
                opened = CacheFile.open(Paths.get(path), config.verify_checksum(), residency);
            } catch (IOException | RuntimeException e) {
                LOG.error("visual cache file {} cannot be used, no VisualCache service: {}", path, e.getMessage());
            }
        }
        HnswIndex index = null;
        boolean usable = opened != null;
        if (usable && mode != SearchMode.EXACT) {
            Path graph = indexFile(config, opened.path());
            if (Files.exists(graph)) {
                try {
                    index = HnswIndex.open(opened, graph, config.verify_checksum());
                } catch (IOException | RuntimeException e) {
                    if (mode == SearchMode.HNSW) {
                        LOG.error("visual cache {}: the HNSW index cannot be used, no VisualCache service: {}", path,
                                e.getMessage());
                        usable = false;
                    } else {
                        LOG.warn("visual cache {}: the HNSW index cannot be used, searching exactly: {}", path,
                                e.getMessage());
                    }
                }
            } else if (mode == SearchMode.HNSW) {
                LOG.error("visual cache {}: search = hnsw but there is no index {} (build it with bindery:cache-index);"
                        + " no VisualCache service", path, graph);
                usable = false;
            }
        }
        if (!usable && opened != null) {
            closeQuietly(opened);
            opened = null;
        }
        file = opened;
        if (file == null) {
            ownPool = null;
            registration = null;
            return;
        }
        ownPool = index == null && config.threads() > 0 ? new Parallel(config.threads(), "bindery-cache") : null;
        MappedVisualCache cache = index != null
                ? new MappedVisualCache(name(config, file.path()), index, Math.max(1, config.hnsw_ef()))
                : new MappedVisualCache(name(config, file.path()), file, ownPool != null ? ownPool : Parallel.common());
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(VisualCache.NAME, cache.info().name());
        props.put(VisualCache.MODEL_ID, file.modelId());
        props.put(VisualCache.DIMENSION, file.dimension());
        props.put(SEARCH_PROPERTY, index != null ? "hnsw" : "exact");
        registration = context.registerService(VisualCache.class, cache, props);
        LOG.info("visual cache registered: {} from {}{}", cache.info(), file.path(),
                (index != null ? " with " + index + ", ef " + config.hnsw_ef() : "")
                        + (file.residency() == Residency.HEAP ? ", vectors in the heap" : ""));
    }

    /** The graph file of a cache: configured, or {@code <cache file>.hnsw}. */
    static Path indexFile(VisualCacheConfig config, Path cacheFile) {
        String configured = config.index_file() == null ? "" : config.index_file().trim();
        return configured.isEmpty() ? HnswIndex.pathFor(cacheFile) : Paths.get(configured);
    }

    private static void closeQuietly(CacheFile file) {
        try {
            file.close();
        } catch (IOException e) {
            LOG.warn("closing cache file {}: {}", file.path(), e.getMessage());
        }
    }

    static String name(VisualCacheConfig config, Path file) {
        String name = config.name() == null ? "" : config.name().trim();
        if (!name.isEmpty()) {
            return name;
        }
        String f = file.getFileName().toString();
        int dot = f.lastIndexOf('.');
        return dot > 0 ? f.substring(0, dot) : f;
    }

    /** Whether a service was registered (for tests and diagnostics). */
    boolean registered() {
        return registration != null;
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregistered it when the bundle stopped
            }
        }
        if (ownPool != null) {
            ownPool.close();
        }
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                LOG.warn("closing cache file {}: {}", file.path(), e.getMessage());
            }
        }
    }
}
