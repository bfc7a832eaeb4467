package dev.bindery.cache;

import dev.bindery.api.InvalidInputException;
import java.util.Map;
import java.util.Set;

/**
 * The three knobs of ImageBind-LLM's cache model, with upstream's defaults ({@code generate(..., cache_size=10,
 * cache_t=20, cache_weight=0.5)}) and the gradio demo's ranges.
 */
public final class CacheOptions {
    /** Option keys as requests and configurations spell them. */
    public static final String CACHE_SIZE = "cache_size";
    public static final String CACHE_T = "cache_t";
    public static final String CACHE_WEIGHT = "cache_weight";
    /** Every key this class reads. */
    public static final Set<String> KEYS = Set.of(CACHE_SIZE, CACHE_T, CACHE_WEIGHT);

    /** Upstream's defaults: 10 neighbours, temperature 20, weight 0.5. */
    public static final CacheOptions DEFAULTS = new CacheOptions(10, 20f, 0.5f);

    /** The largest neighbour count accepted (the demo's slider stops at 100). */
    public static final int MAX_CACHE_SIZE = 1000;

    private final int cacheSize;
    private final float cacheT;
    private final float cacheWeight;

    /**
     * @throws IllegalArgumentException if {@code cacheSize} is outside 1..1000, {@code cacheT} is negative or not
     *                                  finite, or {@code cacheWeight} is outside [0, 1]
     */
    public CacheOptions(int cacheSize, float cacheT, float cacheWeight) {
        if (cacheSize < 1 || cacheSize > MAX_CACHE_SIZE) {
            throw new IllegalArgumentException(CACHE_SIZE + " must be between 1 and " + MAX_CACHE_SIZE + ", not " + cacheSize);
        }
        if (!(cacheT >= 0) || !Float.isFinite(cacheT)) {
            throw new IllegalArgumentException(CACHE_T + " must be a finite number >= 0, not " + cacheT);
        }
        if (!(cacheWeight >= 0 && cacheWeight <= 1)) {
            throw new IllegalArgumentException(CACHE_WEIGHT + " must be between 0 and 1, not " + cacheWeight);
        }
        this.cacheSize = cacheSize;
        this.cacheT = cacheT;
        this.cacheWeight = cacheWeight;
    }

    /**
     * Reads the options from strategy options ({@link #KEYS}; other keys are ignored here), defaults for the
     * missing ones.
     *
     * @throws InvalidInputException naming the key for an unparsable or out-of-range value
     */
    public static CacheOptions from(Map<String, String> options) throws InvalidInputException {
        try {
            int size = options.containsKey(CACHE_SIZE) ? parseInt(options.get(CACHE_SIZE)) : DEFAULTS.cacheSize;
            float t = options.containsKey(CACHE_T) ? parseFloat(CACHE_T, options.get(CACHE_T)) : DEFAULTS.cacheT;
            float w = options.containsKey(CACHE_WEIGHT) ? parseFloat(CACHE_WEIGHT, options.get(CACHE_WEIGHT))
                    : DEFAULTS.cacheWeight;
            return new CacheOptions(size, t, w);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
    }

    private static int parseInt(String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(CACHE_SIZE + " must be an integer, not '" + v + "'");
        }
    }

    private static float parseFloat(String key, String v) {
        try {
            return Float.parseFloat(v.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(key + " must be a number, not '" + v + "'");
        }
    }

    /** How many neighbours to retrieve (upstream's {@code cache_size}). */
    public int cacheSize() {
        return cacheSize;
    }

    /** The softmax temperature multiplier ({@code cache_t}). */
    public float cacheT() {
        return cacheT;
    }

    /** The weight of the retrieved vector in the blend ({@code cache_weight}). */
    public float cacheWeight() {
        return cacheWeight;
    }

    @Override
    public String toString() {
        return CACHE_SIZE + "=" + cacheSize + ", " + CACHE_T + "=" + cacheT + ", " + CACHE_WEIGHT + "=" + cacheWeight;
    }
}
