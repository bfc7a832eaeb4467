package dev.bindery.encoder.text.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The HTML5 named character references (2,231 names, some without their semicolon), the table Python's
 * {@code html.entities.html5} holds. Read once from the bundle resource {@code html5-entities.txt}.
 */
final class Html5Entities {
    private static final String RESOURCE = "html5-entities.txt";
    private static final Map<String, String> TABLE = load();

    private Html5Entities() {
    }

    /** @return the replacement text of {@code name} (e.g. {@code "amp;"} or {@code "amp"}), or {@code null} */
    static String get(String name) {
        return TABLE.get(name);
    }

    /** Every name, as in {@code html.entities.html5.keys()}. */
    static Map<String, String> all() {
        return TABLE;
    }

    private static Map<String, String> load() {
        Map<String, String> table = new HashMap<>();
        try (InputStream in = Html5Entities.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("bundle resource " + RESOURCE + " is missing");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                StringBuilder value = new StringBuilder();
                for (String hex : line.substring(tab + 1).split(" ")) {
                    value.appendCodePoint(Integer.parseInt(hex, 16));
                }
                table.put(line.substring(0, tab), value.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundle resource " + RESOURCE, e);
        }
        return Collections.unmodifiableMap(table);
    }
}
