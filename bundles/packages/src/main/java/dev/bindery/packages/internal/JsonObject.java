package dev.bindery.packages.internal;

import dev.bindery.api.ModelMismatchException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Typed, checked access to one object of a parsed manifest. Every refusal names the manifest file and the full key
 * path ({@code components.llama.dim}), so an operator knows exactly which entry to fix.
 */
public final class JsonObject {
    private final String file;
    private final String path;
    private final Map<String, Object> values;

    public JsonObject(String file, String path, Map<String, Object> values) {
        this.file = file;
        this.path = path;
        this.values = values;
    }

    /** The key path of {@code key} in this object, e.g. {@code components.llama.dim}. */
    public String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public boolean has(String key) {
        return values.get(key) != null;
    }

    /** A refusal naming the file and key. */
    public ModelMismatchException problem(String key, String problem) {
        return new ModelMismatchException(file + ": " + keyPath(key) + " " + problem);
    }

    public String string(String key) throws ModelMismatchException {
        Object v = require(key);
        if (!(v instanceof String s)) {
            throw problem(key, "must be a string, is " + v);
        }
        return s;
    }

    /** A string, or {@code fallback} when the key is absent. */
    public String string(String key, String fallback) throws ModelMismatchException {
        return has(key) ? string(key) : fallback;
    }

    public long number(String key) throws ModelMismatchException {
        Object v = require(key);
        if (!(v instanceof Long l)) {
            throw problem(key, "must be an integer, is " + v);
        }
        return l;
    }

    /** A positive integer that fits an {@code int} (a dimension or count). */
    public int positiveInt(String key) throws ModelMismatchException {
        long v = number(key);
        if (v <= 0 || v > Integer.MAX_VALUE) {
            throw problem(key, "must be a positive integer, is " + v);
        }
        return (int) v;
    }

    public boolean bool(String key) throws ModelMismatchException {
        Object v = require(key);
        if (!(v instanceof Boolean b)) {
            throw problem(key, "must be true or false, is " + v);
        }
        return b;
    }

    @SuppressWarnings("unchecked")
    public JsonObject object(String key) throws ModelMismatchException {
        Object v = require(key);
        if (!(v instanceof Map)) {
            throw problem(key, "must be an object");
        }
        return new JsonObject(file, keyPath(key), (Map<String, Object>) v);
    }

    /** The nested object, or null when the key is absent. */
    public JsonObject optionalObject(String key) throws ModelMismatchException {
        return has(key) ? object(key) : null;
    }

    /** The keys in file order. */
    public Iterable<String> keys() {
        return new LinkedHashMap<>(values).keySet();
    }

    private Object require(String key) throws ModelMismatchException {
        Object v = values.get(key);
        if (v == null) {
            throw problem(key, "is missing");
        }
        return v;
    }
}
