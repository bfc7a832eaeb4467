package dev.bindery.packages.internal;

import dev.bindery.packages.ModelPackage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The service configurations that point the container's services at a verified package, one per service: the same
 * settings an operator would write into {@code etc/}. A service whose part the package lacks gets none.
 */
public final class PackageServiceConfigs {
    /** Property marking a configuration as written for a package (its folder): how stale ones are found. */
    public static final String MARKER = "bindery.package";
    /** The factory PIDs this class may configure. */
    public static final List<String> FACTORY_PIDS = List.of("dev.bindery.encoder.image", "dev.bindery.encoder.audio",
            "dev.bindery.encoder.text", "dev.bindery.encoder.sensor", "dev.bindery.llama", "dev.bindery.bindnet",
            "dev.bindery.cache");
    /** Trunks served by the sensor encoder component, one configuration each. */
    private static final List<String> SENSOR_MODALITIES = List.of("depth", "thermal", "imu");

    /** One factory configuration: {@code factoryPid~name} with its properties. */
    public record ServiceConfig(String factoryPid, String name, Map<String, Object> properties) {
        public ServiceConfig {
            properties = Map.copyOf(properties);
        }
    }

    private PackageServiceConfigs() {
    }

    /** The configurations for {@code pkg}. */
    public static List<ServiceConfig> of(ModelPackage pkg) {
        List<ServiceConfig> configs = new ArrayList<>();
        String marker = pkg.dir().toString();
        String name = pkg.manifest().name();
        String modelId = pkg.manifest().imagebind().modelId();
        for (String modality : List.of("image", "audio", "text")) {
            Path graph = pkg.graph(modality.equals("image") ? "vision" : modality);
            if (graph == null || (modality.equals("text") && pkg.textBpe() == null)) {
                continue;
            }
            Map<String, Object> c = base(marker);
            c.put("onnx.dir", graph.getParent().toString()); // the components read <modality>.onnx from a folder
            c.put("model.id", modelId);
            if (modality.equals("text")) {
                c.put("bpe", pkg.textBpe().toString());
            }
            configs.add(new ServiceConfig("dev.bindery.encoder." + modality, "package", c));
        }
        for (String modality : SENSOR_MODALITIES) {
            Path graph = pkg.graph(modality);
            if (graph != null) {
                Map<String, Object> c = base(marker);
                c.put("modality", modality);
                c.put("onnx.dir", graph.getParent().toString());
                c.put("model.id", modelId);
                configs.add(new ServiceConfig("dev.bindery.encoder.sensor", "package-" + modality, c));
            }
        }
        Map<String, Object> llama = base(marker);
        llama.put("gguf", pkg.llamaGguf().toString());
        llama.put("bindery.model.id", name);
        configs.add(new ServiceConfig("dev.bindery.llama", "package", llama));
        Map<String, Object> bindnet = base(marker);
        bindnet.put("checkpoint", pkg.bindNetwork().toString());
        configs.add(new ServiceConfig("dev.bindery.bindnet", "package", bindnet));
        if (pkg.cache() != null) {
            Map<String, Object> cache = base(marker);
            cache.put("file", pkg.cache().toString());
            cache.put("name", name);
            configs.add(new ServiceConfig("dev.bindery.cache", "package", cache));
        }
        return configs;
    }

    private static Map<String, Object> base(String marker) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put(MARKER, marker);
        return c;
    }
}
