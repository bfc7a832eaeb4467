package dev.bindery.cache;

/** The result of one exact search: entry indices and inner products, best first (ties by lower index). */
public final class SearchHits {
    private final long[] indices;
    private final float[] scores;

    SearchHits(long[] indices, float[] scores) {
        this.indices = indices;
        this.scores = scores;
    }

    /** Number of hits: {@code min(k, cache size)}. */
    public int size() {
        return indices.length;
    }

    /** The cache index of hit {@code i}. */
    public long index(int i) {
        return indices[i];
    }

    /** The inner product of hit {@code i} with the query. */
    public float score(int i) {
        return scores[i];
    }

    /** A copy of all indices, best first. */
    public long[] indices() {
        return indices.clone();
    }

    /** A copy of all scores, best first. */
    public float[] scores() {
        return scores.clone();
    }
}
