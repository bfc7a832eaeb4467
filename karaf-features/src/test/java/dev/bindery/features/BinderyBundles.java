package dev.bindery.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Bindery bundles this module depends on, as the build made them: found on the test class path by their manifests
 * ({@code Bundle-SymbolicName: dev.bindery.*}), each a packaged jar or, before packaging, a classes folder holding the
 * manifest that bnd wrote.
 */
final class BinderyBundles {
    /** One bundle: its manifest and where its entries are. */
    record Bundle(String symbolicName, Manifest manifest, Path root) {
        String header(String name) {
            return manifest.getMainAttributes().getValue(name);
        }

        boolean contains(String entry) {
            try {
                if (Files.isDirectory(root)) {
                    return Files.exists(root.resolve(entry));
                }
                try (JarFile jar = new JarFile(root.toFile())) {
                    return jar.getEntry(entry) != null;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The entries under {@code folder} (a path ending in '/'), by name. */
        List<String> entries(String folder) {
            List<String> names = new ArrayList<>();
            try {
                if (Files.isDirectory(root)) {
                    Path dir = root.resolve(folder);
                    if (Files.isDirectory(dir)) {
                        try (Stream<Path> files = Files.list(dir)) {
                            files.filter(Files::isRegularFile).forEach(f -> names.add(folder + f.getFileName()));
                        }
                    }
                } else {
                    try (JarFile jar = new JarFile(root.toFile())) {
                        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                            String name = e.nextElement().getName();
                            if (name.startsWith(folder) && !name.endsWith("/")
                                    && name.indexOf('/', folder.length()) < 0) {
                                names.add(name);
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Collections.sort(names);
            return names;
        }

        InputStream open(String entry) throws IOException {
            if (Files.isDirectory(root)) {
                return Files.newInputStream(root.resolve(entry));
            }
            JarFile jar = new JarFile(root.toFile());
            JarEntry e = jar.getJarEntry(entry);
            if (e == null) {
                jar.close();
                throw new IOException(entry + " not in " + root);
            }
            InputStream in = jar.getInputStream(e);
            return new java.io.FilterInputStream(in) {
                @Override
                public void close() throws IOException {
                    super.close();
                    jar.close();
                }
            };
        }

        @Override
        public String toString() {
            return symbolicName + " (" + root + ")";
        }
    }

    private static final Pattern FEATURE_BUNDLE = Pattern.compile("mvn:dev\\.bindery/([A-Za-z0-9_.-]+)/");

    private BinderyBundles() {
    }

    /** Every Bindery bundle on the class path, by symbolic name; as many as feature.xml names. */
    static Map<String, Bundle> all() throws IOException {
        Map<String, Bundle> bundles = new TreeMap<>();
        Enumeration<URL> manifests = BinderyBundles.class.getClassLoader().getResources(JarFile.MANIFEST_NAME);
        while (manifests.hasMoreElements()) {
            URL url = manifests.nextElement();
            Manifest manifest;
            try (InputStream in = url.openStream()) {
                manifest = new Manifest(in);
            }
            String bsn = manifest.getMainAttributes().getValue("Bundle-SymbolicName");
            if (bsn == null) {
                continue;
            }
            bsn = bsn.split(";", 2)[0].trim();
            if (bsn.startsWith("dev.bindery.")) {
                Bundle previous = bundles.put(bsn, new Bundle(bsn, manifest, root(url)));
                assertEquals(null, previous, "bundle " + bsn + " twice on the class path");
            }
        }
        Path featureXml = Paths.get("src/main/feature/feature.xml");
        Matcher m = FEATURE_BUNDLE.matcher(Files.readString(featureXml));
        TreeSet<String> artifacts = new TreeSet<>();
        while (m.find()) {
            artifacts.add(m.group(1));
        }
        assertFalse(artifacts.isEmpty(), "feature.xml names no Bindery bundle");
        assertEquals(artifacts.size(), bundles.size(), "feature.xml installs " + artifacts + " but the class path"
                + " holds the Bindery bundles " + bundles.keySet() + " (a new bundle needs a dependency in"
                + " karaf-features/pom.xml)");
        return bundles;
    }

    /** The jar or folder of a manifest URL ({@code jar:file:/x.jar!/META-INF/MANIFEST.MF} or a file URL). */
    private static Path root(URL manifest) {
        String s = manifest.toString();
        try {
            if (s.startsWith("jar:")) {
                return Paths.get(new java.net.URI(s.substring(4, s.indexOf("!/"))));
            }
            return Paths.get(manifest.toURI()).getParent().getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(s, e);
        }
    }

    /**
     * The clauses of an OSGi manifest header: for each, its paths (package names) and its attributes and directives.
     * Commas and semicolons inside quotes do not split.
     */
    static List<Clause> parse(String header) {
        List<Clause> clauses = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return clauses;
        }
        for (String clause : split(header, ',')) {
            List<String> paths = new ArrayList<>();
            Map<String, String> attributes = new TreeMap<>();
            for (String part : split(clause, ';')) {
                int eq = part.indexOf('=');
                if (eq < 0) {
                    paths.add(part.trim());
                } else {
                    String key = part.substring(0, eq).trim();
                    String value = part.substring(eq + 1).trim();
                    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                        value = value.substring(1, value.length() - 1);
                    }
                    attributes.put(key, value); // a directive keeps its ':' (uses:)
                }
            }
            clauses.add(new Clause(paths, attributes));
        }
        return clauses;
    }

    /** One clause of a header. */
    record Clause(List<String> paths, Map<String, String> attributes) {
    }

    private static List<String> split(String s, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        parts.removeIf(String::isBlank);
        return parts;
    }
}
