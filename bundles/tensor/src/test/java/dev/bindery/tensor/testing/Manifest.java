package dev.bindery.tensor.testing;

import dev.bindery.tensor.io.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One golden group's {@code manifest.json}: the entry of every file (kind, dtype, shape, sha256, tolerance, ...).
 * File names are relative to the group folder, e.g. {@code bind/output.npy}.
 */
public final class Manifest {
    private final String group;
    private final Path dir;
    private final Map<String, Object> root;

    private Manifest(String group, Path dir, Map<String, Object> root) {
        this.group = group;
        this.dir = dir;
        this.root = root;
    }

    /** Reads {@code <golden>/<group>/manifest.json}. */
    public static Manifest load(String group) {
        Path dir = Golden.dir().resolve(group);
        Path file = dir.resolve("manifest.json");
        try {
            return new Manifest(group, dir, Json.parseObject(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read golden manifest " + file, e);
        }
    }

    /** The group name (folder under the golden directory). */
    public String group() {
        return group;
    }

    /** The group folder. */
    public Path dir() {
        return dir;
    }

    /** The whole manifest as parsed JSON. */
    public Map<String, Object> root() {
        return root;
    }

    /** Every file named in the manifest, in manifest order. */
    public List<String> files() {
        return new ArrayList<>(filesMap().keySet());
    }

    /** The files whose name passes {@code filter}, in manifest order. */
    public List<String> files(Predicate<String> filter) {
        List<String> out = new ArrayList<>();
        for (String f : filesMap().keySet()) {
            if (filter.test(f)) {
                out.add(f);
            }
        }
        return out;
    }

    /** The files of kind {@code npy} under {@code prefix} (a folder like {@code "bind/"}, or "" for all). */
    public List<String> npyFiles(String prefix) {
        return files(f -> f.startsWith(prefix) && "npy".equals(entry(f).get("kind")));
    }

    /** The manifest entry of {@code file}; fails when the manifest does not list it. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> entry(String file) {
        Object e = filesMap().get(file);
        if (!(e instanceof Map)) {
            throw new IllegalArgumentException("golden manifest " + dir.resolve("manifest.json") + " has no entry for " + file);
        }
        return (Map<String, Object>) e;
    }

    /** The tolerance stated for {@code file}. */
    @SuppressWarnings("unchecked")
    public Tolerance tolerance(String file) {
        Object t = entry(file).get("tolerance");
        if (!(t instanceof Map)) {
            throw new IllegalArgumentException("golden manifest entry " + group + "/" + file + " has no tolerance");
        }
        return Tolerance.of((Map<String, Object>) t);
    }

    /** The shape stated for {@code file}. */
    public long[] shape(String file) {
        return toShape(entry(file).get("shape"));
    }

    /** The numpy dtype name stated for {@code file} (float32, int64, uint8, float64, ...). */
    public String dtype(String file) {
        return (String) entry(file).get("dtype");
    }

    /** The absolute path of {@code file}. */
    public Path path(String file) {
        return dir.resolve(file);
    }

    /** Converts a JSON list of integers to a shape. */
    public static long[] toShape(Object json) {
        List<?> l = (List<?>) json;
        long[] s = new long[l.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = ((Number) l.get(i)).longValue();
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> filesMap() {
        return (Map<String, Object>) root.get("files");
    }
}
