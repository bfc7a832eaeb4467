package dev.bindery.bench;

import dev.bindery.cache.CacheWriter;
import dev.bindery.tensor.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Unit vectors with a low intrinsic dimension, standing in for image embeddings in the approximate-index benchmark:
 * {@code normalise(A z + e)} with a fixed random {@code dim x LATENT} matrix {@code A}, a latent {@code z} whose
 * coordinate {@code j} has standard deviation {@code 1 / sqrt(j + 1)} (a decaying spectrum), and isotropic noise
 * {@code e} of {@value #NOISE} of the signal's norm. Uniform random vectors in 1024 dimensions would be the worst case
 * of any graph index (every pair nearly orthogonal, neighbours barely closer than strangers) and unlike the embeddings
 * a cache holds; the benchmark also reports that case at a small size.
 */
final class SyntheticEmbeddings {
    static final int LATENT = 48;
    static final double NOISE = 0.3;

    private final int dim;
    private final boolean uniform;
    private final float[] basis;

    /** Structured vectors of width {@code dim} (the matrix A drawn from {@code seed}), or uniform ones. */
    SyntheticEmbeddings(int dim, boolean uniform, long seed) {
        this.dim = dim;
        this.uniform = uniform;
        this.basis = new float[dim * LATENT];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < basis.length; i++) {
            basis[i] = (float) (gaussian(random) / Math.sqrt(dim));
        }
    }

    /** One vector drawn from {@code random} into {@code v}. */
    void next(SplittableRandom random, float[] v) {
        if (uniform) {
            for (int k = 0; k < dim; k++) {
                v[k] = (float) gaussian(random);
            }
        } else {
            double[] z = new double[LATENT];
            double signal = 0;
            for (int j = 0; j < LATENT; j++) {
                z[j] = gaussian(random) / Math.sqrt(j + 1);
                signal += z[j] * z[j];
            }
            double noise = NOISE * Math.sqrt(signal / dim);
            for (int k = 0; k < dim; k++) {
                double s = 0;
                for (int j = 0; j < LATENT; j++) {
                    s += basis[k * LATENT + j] * z[j];
                }
                v[k] = (float) (s + noise * gaussian(random));
            }
        }
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        float inv = (float) (1 / Math.sqrt(sum));
        for (int k = 0; k < dim; k++) {
            v[k] *= inv;
        }
    }

    /** {@code n} vectors drawn from {@code seed}, row-major. */
    float[] sample(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] out = new float[n * dim];
        float[] v = new float[dim];
        for (int i = 0; i < n; i++) {
            next(random, v);
            System.arraycopy(v, 0, out, i * dim, dim);
        }
        return out;
    }

    /** A cache file of {@code entries} vectors drawn from {@code seed} in {@code dir}, written if it is not there yet. */
    Path cacheFile(Path dir, int entries, DType type, long seed) throws IOException {
        Path file = dir.resolve("hnsw-" + (uniform ? "uniform" : "structured") + "-" + entries + "x" + dim + "-" + type
                + ".cache");
        if (Files.isRegularFile(file)) {
            return file;
        }
        Files.createDirectories(dir);
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[dim];
        try (CacheWriter w = CacheWriter.create(file, uniform ? "uniform" : "structured", dim, type)) {
            for (int i = 0; i < entries; i++) {
                next(random, v);
                w.add(Integer.toString(i), v, null);
            }
            w.commit();
        }
        return file;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller: SplittableRandom has no nextGaussian on JDK 17
        double u = random.nextDouble();
        double w = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * w);
    }
}
