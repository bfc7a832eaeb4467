package dev.bindery.packages.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.packages.ConversionListener;
import dev.bindery.packages.DefaultPackage;
import dev.bindery.packages.ModelPackage;
import dev.bindery.packages.Verification;
import dev.bindery.tensor.testing.Golden;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageServiceConfigsTest {
    @TempDir
    static Path shared;
    static ModelPackage pkg;

    @BeforeAll
    static void buildDefaultPackage() throws Exception {
        Path dir = DefaultPackage.build(Golden.dir(), shared.resolve("pkg"), ConversionListener.NONE).dir();
        pkg = ModelPackage.open(dir, Verification.CHECKSUMS);
    }

    @Test
    void everyServicePointsAtAnExistingFileOfThePackage() {
        List<PackageServiceConfigs.ServiceConfig> configs = PackageServiceConfigs.of(pkg);
        for (PackageServiceConfigs.ServiceConfig c : configs) {
            assertTrue(PackageServiceConfigs.FACTORY_PIDS.contains(c.factoryPid()), c.factoryPid());
            assertEquals(pkg.dir().toString(), c.properties().get(PackageServiceConfigs.MARKER));
            for (String key : List.of("onnx.dir", "bpe", "gguf", "checkpoint", "file")) {
                Object value = c.properties().get(key);
                if (value != null) {
                    Path p = Path.of((String) value);
                    assertTrue(p.startsWith(pkg.dir()) && Files.exists(p), c.factoryPid() + " " + key + " = " + p);
                }
            }
        }
        // one configuration per encoder graph in the manifest, plus llama, bind network and (if any) cache
        int expected = pkg.manifest().imagebind().graphs().size() + 2 + (pkg.cache() == null ? 0 : 1);
        assertEquals(expected, configs.size());
        Map<String, Long> perPid = configs.stream()
                .collect(Collectors.groupingBy(c -> c.factoryPid() + "~" + c.name(), Collectors.counting()));
        assertTrue(perPid.values().stream().allMatch(n -> n == 1), "names are unique: " + perPid);
    }

    @Test
    void encodersCarryTheManifestModelIdAndSensorsTheirModality() {
        for (PackageServiceConfigs.ServiceConfig c : PackageServiceConfigs.of(pkg)) {
            if (c.factoryPid().startsWith("dev.bindery.encoder.")) {
                assertEquals(pkg.manifest().imagebind().modelId(), c.properties().get("model.id"));
                Path graphs = Path.of((String) c.properties().get("onnx.dir"));
                Object modality = c.properties().get("modality");
                String graph = modality != null ? (String) modality
                        : c.factoryPid().endsWith("image") ? "vision" : c.factoryPid().substring(20);
                assertEquals(pkg.graph(graph), graphs.resolve(graph + ".onnx"));
            }
        }
    }

    @Test
    void packageNamesResolveUnderThePackagesDirectoryAndAbsolutePathsStay(@TempDir Path root) {
        assertEquals(root.resolve("tiny"), PackageConfigurator.resolve(selection("tiny", root.toString())));
        assertEquals(root.resolve("a/b"), PackageConfigurator.resolve(selection("/x/../" + root + "/a/b", "")));
        assertThrows(IllegalArgumentException.class, () -> PackageConfigurator.resolve(selection(" ", "")));
    }

    private static PackageSelection selection(String path, String dir) {
        return new PackageSelection() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return PackageSelection.class;
            }

            @Override
            public String path() {
                return path;
            }

            @Override
            public String packages_dir() {
                return dir;
            }

            @Override
            public String verify() {
                return "";
            }
        };
    }
}
