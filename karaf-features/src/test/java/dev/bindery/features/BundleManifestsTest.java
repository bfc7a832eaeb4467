package dev.bindery.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.features.BinderyBundles.Bundle;
import dev.bindery.features.BinderyBundles.Clause;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built bundles keep the platform's packaging rules: implementation packages ({@code *.internal}) never leave a
 * bundle, every exported package has a version, and the ONNX Runtime bundle imports nothing (it must never be
 * re-resolved: its JNI library can be loaded once per JVM) and carries the natives of both Linux architectures.
 */
class BundleManifestsTest {
    private static Map<String, Bundle> bundles;

    @BeforeAll
    static void findBundles() throws Exception {
        bundles = BinderyBundles.all();
    }

    @Test
    void theParserSplitsClausesAndKeepsQuotedCommas() {
        List<Clause> c = BinderyBundles.parse("a.b;c.d;version=\"1.2\";uses:=\"x,y\",e;version=3");
        assertEquals(2, c.size());
        assertEquals(List.of("a.b", "c.d"), c.get(0).paths());
        assertEquals("1.2", c.get(0).attributes().get("version"));
        assertEquals("x,y", c.get(0).attributes().get("uses:"));
        assertEquals(List.of("e"), c.get(1).paths());
        assertEquals("3", c.get(1).attributes().get("version"));
    }

    @Test
    void noBundleExportsAnInternalPackage() {
        List<String> internal = new ArrayList<>();
        for (Bundle b : bundles.values()) {
            for (String pkg : exported(b)) {
                if (pkg.endsWith(".internal") || pkg.contains(".internal.") || pkg.equals("internal")) {
                    internal.add(b.symbolicName() + " exports " + pkg);
                }
            }
        }
        assertTrue(internal.isEmpty(), internal.toString());
    }

    @Test
    void everyExportedPackageHasAVersion() {
        List<String> unversioned = new ArrayList<>();
        int exports = 0;
        for (Bundle b : bundles.values()) {
            for (Clause c : BinderyBundles.parse(b.header("Export-Package"))) {
                String version = c.attributes().get("version");
                for (String pkg : c.paths()) {
                    exports++;
                    if (version == null || version.isBlank()) {
                        unversioned.add(b.symbolicName() + ": " + pkg);
                    }
                }
            }
        }
        assertTrue(exports > 0, "no bundle exports anything: " + bundles.keySet());
        assertTrue(unversioned.isEmpty(), "exported without a version: " + unversioned);
    }

    @Test
    void theOnnxRuntimeBundleImportsNothingAndHoldsBothLinuxNatives() {
        Bundle ort = bundles.get("dev.bindery.onnxruntime");
        assertNotNull(ort, "dev.bindery.onnxruntime on the class path: " + bundles.keySet());
        assertNull(ort.header("Import-Package"), "Import-Package of " + ort);
        assertNull(ort.header("DynamicImport-Package"), "DynamicImport-Package of " + ort);
        assertNull(ort.header("Require-Bundle"), "Require-Bundle of " + ort);
        assertTrue(exported(ort).contains("ai.onnxruntime"), "exports " + exported(ort));
        for (String arch : List.of("linux-x64", "linux-aarch64")) {
            String folder = "ai/onnxruntime/native/" + arch + "/";
            List<String> natives = ort.entries(folder);
            for (String lib : List.of("libonnxruntime.so", "libonnxruntime4j_jni.so")) {
                assertTrue(natives.contains(folder + lib), ort + " lacks " + folder + lib + "; has " + natives);
            }
        }
        assertFalse(ort.contains("ai/onnxruntime/native/win-x64/onnxruntime.dll"), "Windows natives are left out");
    }

    private static List<String> exported(Bundle b) {
        List<String> packages = new ArrayList<>();
        for (Clause c : BinderyBundles.parse(b.header("Export-Package"))) {
            packages.addAll(c.paths());
        }
        return packages;
    }
}
