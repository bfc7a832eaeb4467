package dev.bindery.llama.testing;

import dev.bindery.llama.internal.json.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Where the golden fixtures are (system property {@code bindery.golden.dir}) and small JSON helpers for tests. */
public final class GoldenDir {
    private GoldenDir() {
    }

    /** The fixture root; fails the test run clearly if the property is missing or wrong. */
    public static Path root() {
        String dir = System.getProperty("bindery.golden.dir");
        if (dir == null) {
            throw new IllegalStateException("system property bindery.golden.dir is not set (surefire sets it)");
        }
        Path root = Path.of(dir);
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("bindery.golden.dir=" + dir + " is not a directory");
        }
        return root;
    }

    /** The ImageBind-LLM tiny group. */
    public static Path llamaTiny() {
        return root().resolve("imagebind_llm_tiny");
    }

    /** Reads a JSON file with the bundle's strict parser. */
    public static Object readJson(Path file) throws IOException {
        return JsonParser.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    /** A JSON array of integers as {@code int[]}. */
    public static int[] ints(Object value) {
        List<Object> list = list(value);
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.toIntExact((Long) list.get(i));
        }
        return out;
    }

    /** A JSON value that may be null, as a Java string or {@code null}. */
    public static String stringOrNull(Object value) {
        return value == JsonParser.NULL ? null : (String) value;
    }
}
