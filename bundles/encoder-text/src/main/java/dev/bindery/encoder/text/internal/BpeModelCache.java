package dev.bindery.encoder.text.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parsed BPE merge files by path, size and modification time, so that several text encoder configurations (CPU and
 * CUDA, two policies) read the 49k merges once; a changed file is read again. Keeps the last few files only.
 */
final class BpeModelCache {
    private static final int MAX_ENTRIES = 4;

    private record Key(Path file, long size, long modified) {
    }

    private final Map<Key, BpeModel> models = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, BpeModel> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    synchronized BpeModel get(Path file) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        BasicFileAttributes a = Files.readAttributes(abs, BasicFileAttributes.class);
        Key key = new Key(abs, a.size(), a.lastModifiedTime().toMillis());
        BpeModel model = models.get(key);
        if (model == null) {
            model = BpeModel.readGzip(abs);
            models.put(key, model);
        }
        return model;
    }
}
