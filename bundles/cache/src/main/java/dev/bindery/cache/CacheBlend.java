package dev.bindery.cache;

import dev.bindery.api.InvalidInputException;
import dev.bindery.api.cache.Neighbour;
import dev.bindery.api.cache.VisualCache;
import java.util.List;
import java.util.Objects;

/**
 * ImageBind-LLM's cache-enhanced query ({@code forward_visual} with {@code knn=True}):
 * <pre>
 * sims, idx = top-k inner products of the mixed query q      (k = cache_size)
 * a = softmax(cache_t * sims)
 * r = a @ vectors[idx];  r = r / |r|
 * q' = (1 - cache_weight) * q + cache_weight * r;  q' = q' / |q'|
 * </pre>
 * The query is the weighted mix of the request's normalised embeddings, <i>not</i> re-normalised (upstream does not);
 * mixing belongs to the runtime. Every reduction is accumulated in double and rounded once, which is at least as
 * accurate as upstream's float32 torch ops. Pure functions, thread-safe.
 */
public final class CacheBlend {
    private CacheBlend() {
    }

    /** The blend and what led to it. */
    public static final class Result {
        private final float[] query;
        private final List<Neighbour> neighbours;
        private final float[] weights;
        private final float[] retrieved;

        Result(float[] query, List<Neighbour> neighbours, float[] weights, float[] retrieved) {
            this.query = query;
            this.neighbours = List.copyOf(neighbours);
            this.weights = weights;
            this.retrieved = retrieved;
        }

        /** The blended, unit-norm query for the bind network. */
        public float[] query() {
            return query.clone();
        }

        /** The neighbours found, best first. */
        public List<Neighbour> neighbours() {
            return neighbours;
        }

        /** {@code softmax(cache_t * sims)}, one weight per neighbour. */
        public float[] weights() {
            return weights.clone();
        }

        /** The normalised weighted sum of the neighbours' vectors. */
        public float[] retrieved() {
            return retrieved.clone();
        }
    }

    /**
     * Searches {@code cache} for the mixed {@code query} and blends the result into it.
     *
     * @throws InvalidInputException if the query does not fit the cache (dimension, NaN)
     */
    public static Result enhance(VisualCache cache, float[] query, CacheOptions options) throws InvalidInputException {
        Objects.requireNonNull(options, "options");
        List<Neighbour> neighbours = cache.search(query, options.cacheSize());
        if (neighbours.isEmpty()) {
            throw new InvalidInputException("the cache " + cache.info().name() + " is empty");
        }
        float[] sims = new float[neighbours.size()];
        float[][] vectors = new float[neighbours.size()][];
        for (int i = 0; i < sims.length; i++) {
            sims[i] = neighbours.get(i).score();
            vectors[i] = neighbours.get(i).vector();
        }
        float[] weights = softmaxWeights(sims, options.cacheT());
        float[] retrieved = retrieve(vectors, weights);
        return new Result(blend(query, retrieved, options.cacheWeight()), neighbours, weights, retrieved);
    }

    /** {@code softmax(cacheT * sims)}, stable (the maximum is subtracted first). */
    public static float[] softmaxWeights(float[] sims, float cacheT) {
        float[] scaled = new float[sims.length];
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < sims.length; i++) {
            scaled[i] = cacheT * sims[i]; // float32 product, as torch's tensor * scalar
            max = Math.max(max, scaled[i]);
        }
        double[] e = new double[sims.length];
        double sum = 0;
        for (int i = 0; i < sims.length; i++) {
            e[i] = Math.exp((double) scaled[i] - max);
            sum += e[i];
        }
        float[] out = new float[sims.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (e[i] / sum);
        }
        return out;
    }

    /**
     * The weighted sum {@code sum_i weights[i] * vectors[i]}, divided by its L2 norm.
     *
     * @throws IllegalArgumentException if the counts or dimensions differ, or the sum is zero
     */
    public static float[] retrieve(float[][] vectors, float[] weights) {
        if (vectors.length != weights.length || vectors.length == 0) {
            throw new IllegalArgumentException(vectors.length + " vectors for " + weights.length + " weights");
        }
        int dim = vectors[0].length;
        double[] sum = new double[dim];
        for (int i = 0; i < vectors.length; i++) {
            if (vectors[i].length != dim) {
                throw new IllegalArgumentException("vector " + i + " is " + vectors[i].length + "-d, not " + dim + "-d");
            }
            for (int c = 0; c < dim; c++) {
                sum[c] += (double) weights[i] * vectors[i][c];
            }
        }
        return normalise(sum, "the weighted sum of the neighbours");
    }

    /**
     * {@code normalise((1 - weight) * query + weight * retrieved)}.
     *
     * @throws IllegalArgumentException if the dimensions differ or the blend is zero
     */
    public static float[] blend(float[] query, float[] retrieved, float weight) {
        if (query.length != retrieved.length) {
            throw new IllegalArgumentException("query is " + query.length + "-d, retrieved " + retrieved.length + "-d");
        }
        double keep = 1.0 - weight; // a Python float upstream
        double[] mix = new double[query.length];
        for (int c = 0; c < mix.length; c++) {
            mix[c] = keep * query[c] + (double) weight * retrieved[c];
        }
        return normalise(mix, "the blended query");
    }

    private static float[] normalise(double[] v, String what) {
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        if (!(norm > 0) || !Double.isFinite(norm)) {
            throw new IllegalArgumentException(what + " has norm " + norm + " and cannot be normalised");
        }
        float[] out = new float[v.length];
        for (int c = 0; c < v.length; c++) {
            out[c] = (float) (v[c] / norm);
        }
        return out;
    }
}
