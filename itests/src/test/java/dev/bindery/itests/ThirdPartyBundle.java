package dev.bindery.itests;

import dev.bindery.itests.thirdparty.ThirdPartyTabularActivator;
import dev.bindery.itests.thirdparty.ThirdPartyTabularEncoder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Builds the third-party tabular-modality bundle in memory: the two classes of
 * {@code dev.bindery.itests.thirdparty}, a manifest that imports only the public API packages and the framework,
 * and the headers with the embedding model id and dimension.
 */
final class ThirdPartyBundle {
    static final String SYMBOLIC_NAME = "com.example.bindery.tabular";

    private ThirdPartyBundle() {
    }

    static InputStream build(String modelId, int dimension) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", SYMBOLIC_NAME);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Bundle-Name", "Tabular encoder (third party)");
        main.putValue("Bundle-Activator", ThirdPartyTabularActivator.class.getName());
        main.putValue("Import-Package", "dev.bindery.api;version=\"[1.0,2)\","
                + "dev.bindery.api.encoder;version=\"[1.0,2)\",dev.bindery.api.modality;version=\"[1.0,2)\","
                + "org.osgi.framework;version=\"[1.8,2)\"");
        main.putValue("Require-Capability", "osgi.ee;filter:=\"(&(osgi.ee=JavaSE)(version=17))\"");
        main.putValue(ThirdPartyTabularActivator.MODEL_ID_HEADER, modelId);
        main.putValue(ThirdPartyTabularActivator.DIMENSION_HEADER, String.valueOf(dimension));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            for (Class<?> type : new Class<?>[] {ThirdPartyTabularActivator.class, ThirdPartyTabularEncoder.class}) {
                String name = type.getName().replace('.', '/') + ".class";
                try (InputStream in = type.getClassLoader().getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IOException("class file " + name + " not found in the test bundle");
                    }
                    jar.putNextEntry(new JarEntry(name));
                    in.transferTo(jar);
                    jar.closeEntry();
                }
            }
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}
