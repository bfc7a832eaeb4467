package dev.bindery.llama.internal.sampling;

import java.util.Arrays;

/**
 * Upstream {@code sample_top_p} up to the draw: sort the probabilities in descending order, take the running sum,
 * zero every entry whose running sum before it ({@code cumsum - p}) exceeds {@code top_p}, renormalise.
 *
 * <p>Numerics follow torch on CPU: the sort is stable (equal probabilities keep vocabulary order, as
 * {@code torch.sort(stable=True)}; upstream's unstable sort may order ties differently, which changes only which of
 * two equally likely tokens a given random number picks), the running sum accumulates in double and is stored as
 * float32 (ATen's CPU {@code cumsum} of float32), the comparison and the final division are float32.
 */
public final class NucleusFilter {
    private NucleusFilter() {
    }

    /**
     * The filtered distribution in sorted order, with the map back to token ids.
     *
     * @param sortedIds   token ids by descending probability
     * @param sortedProbs the filtered, renormalised probabilities in that order (what upstream hands to
     *                    {@code torch.multinomial})
     * @param kept        how many entries the top-p rule kept
     */
    public record Result(int[] sortedIds, float[] sortedProbs, int kept) {
        /** The filtered distribution scattered back to vocabulary order. */
        public float[] inVocabularyOrder() {
            float[] out = new float[sortedIds.length];
            for (int i = 0; i < sortedIds.length; i++) {
                out[sortedIds[i]] = sortedProbs[i];
            }
            return out;
        }
    }

    /**
     * Filters a probability vector.
     *
     * @throws IllegalArgumentException if {@code topP} is not in (0, 1]
     */
    public static Result filter(float[] probs, float topP) {
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top-p must be in (0, 1], was " + topP);
        }
        int[] order = descendingOrder(probs);
        float[] sorted = new float[probs.length];
        for (int i = 0; i < order.length; i++) {
            sorted[i] = probs[order[i]];
        }
        double running = 0;
        int kept = 0;
        for (int i = 0; i < sorted.length; i++) {
            running += sorted[i];
            float cumsum = (float) running;
            if (cumsum - sorted[i] > topP) {
                sorted[i] = 0f;
            } else {
                kept++;
            }
        }
        double total = 0;
        for (float p : sorted) {
            total += p;
        }
        float norm = (float) total;
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = sorted[i] / norm;
        }
        return new Result(order, sorted, kept);
    }

    /**
     * Indices sorting {@code values} (no NaN) in descending order; ties keep ascending index order. Sorts primitive
     * keys (value order in the high 32 bits, index in the low 32) instead of boxed indices: a 32000-entry vocabulary
     * is sorted for every sampled token.
     */
    static int[] descendingOrder(float[] values) {
        long[] keys = new long[values.length];
        for (int i = 0; i < keys.length; i++) {
            float v = values[i] == 0f ? 0f : values[i]; // -0.0 equals 0.0, as in torch's comparison
            int bits = Float.floatToIntBits(v);
            long ascending = bits ^ ((bits >> 31) & 0x7FFFFFFF); // signed order of the ints = order of the floats
            keys[i] = (-ascending) << 32 | i;
        }
        Arrays.sort(keys);
        int[] out = new int[keys.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) keys[i];
        }
        return out;
    }
}
