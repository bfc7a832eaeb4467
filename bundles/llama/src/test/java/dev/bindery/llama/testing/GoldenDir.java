package dev.bindery.llama.testing;

import dev.bindery.tensor.io.Json;
import dev.bindery.tensor.testing.Golden;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The ImageBind-LLM fixture folder and small JSON helpers for this bundle's tests (on top of {@link Golden}). */
public final class GoldenDir {
    /** The fixture group of the tiny ImageBind-LLM. */
    public static final String GROUP = "imagebind_llm_tiny";

    private GoldenDir() {
    }

    /** The fixture root ({@code bindery.golden.dir}). */
    public static Path root() {
        return Golden.dir();
    }

    /** The ImageBind-LLM tiny group. */
    public static Path llamaTiny() {
        return Golden.path(GROUP);
    }

    /** Reads a JSON file with the tensor bundle's parser. */
    public static Object readJson(Path file) throws IOException {
        try {
            return Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
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

    /** A JSON string that may be null. */
    public static String stringOrNull(Object value) {
        return (String) value;
    }
}
