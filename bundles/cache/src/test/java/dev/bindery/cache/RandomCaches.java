package dev.bindery.cache;

import dev.bindery.tensor.DType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded random unit vectors written as cache files, for tests. */
final class RandomCaches {
    private RandomCaches() {
    }

    static float[] unit(Random rnd, int dim) {
        float[] v = new float[dim];
        double n = 0;
        for (int i = 0; i < dim; i++) {
            v[i] = (float) rnd.nextGaussian();
            n += v[i] * v[i];
        }
        for (int i = 0; i < dim; i++) {
            v[i] /= (float) Math.sqrt(n);
        }
        return v;
    }

    static List<CacheEntry> entries(int count, int dim, long seed, boolean withSources) {
        Random rnd = new Random(seed);
        List<CacheEntry> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new CacheEntry("e" + i, unit(rnd, dim), withSources && i % 3 != 0 ? "/img/" + i + ".jpg" : null));
        }
        return out;
    }

    static Path write(Path file, List<CacheEntry> entries, int dim, DType dtype) throws IOException {
        CacheFiles.create(file, "test-model", dim, dtype, entries);
        return file;
    }
}
