package dev.bindery.cache;

/**
 * A bounded heap that keeps the {@code k} best (score, index) pairs seen: higher score first, and for equal scores
 * the lower index, as FAISS's flat index orders ties. The heap root is the worst kept pair, so each candidate costs
 * one comparison unless it enters.
 */
final class TopK {
    private final int k;
    private final float[] scores;
    private final long[] indices;
    private int size;

    TopK(int k) {
        this.k = k;
        this.scores = new float[k];
        this.indices = new long[k];
    }

    /** True when (a, ia) ranks below (b, ib). */
    private static boolean worse(float a, long ia, float b, long ib) {
        return a < b || (a == b && ia > ib);
    }

    /** Offers a candidate; NaN scores are ignored. */
    void offer(float score, long index) {
        if (score != score) {
            return;
        }
        if (size < k) {
            int i = size++;
            scores[i] = score;
            indices[i] = index;
            siftUp(i);
        } else if (worse(scores[0], indices[0], score, index)) {
            scores[0] = score;
            indices[0] = index;
            siftDown(0);
        }
    }

    /** Offers every pair another heap holds. */
    void merge(TopK other) {
        for (int i = 0; i < other.size; i++) {
            offer(other.scores[i], other.indices[i]);
        }
    }

    /** The kept pairs, best first. */
    SearchHits toHits() {
        int n = size;
        float[] s = new float[n];
        long[] idx = new long[n];
        TopK copy = new TopK(Math.max(1, k));
        copy.merge(this);
        // pop the worst first into the back of the arrays
        for (int out = n - 1; out >= 0; out--) {
            s[out] = copy.scores[0];
            idx[out] = copy.indices[0];
            copy.size--;
            copy.scores[0] = copy.scores[copy.size];
            copy.indices[0] = copy.indices[copy.size];
            copy.siftDown(0);
        }
        return new SearchHits(idx, s);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (!worse(scores[i], indices[i], scores[parent], indices[parent])) {
                break;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                return;
            }
            int r = l + 1;
            int w = r < size && worse(scores[r], indices[r], scores[l], indices[l]) ? r : l;
            if (!worse(scores[w], indices[w], scores[i], indices[i])) {
                return;
            }
            swap(i, w);
            i = w;
        }
    }

    private void swap(int a, int b) {
        float s = scores[a];
        scores[a] = scores[b];
        scores[b] = s;
        long x = indices[a];
        indices[a] = indices[b];
        indices[b] = x;
    }
}
