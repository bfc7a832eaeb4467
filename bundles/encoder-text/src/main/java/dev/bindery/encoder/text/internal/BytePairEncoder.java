package dev.bindery.encoder.text.internal;

import java.util.Arrays;

/**
 * Byte-pair encoding of one pre-tokenised word, with the same result as upstream's {@code SimpleTokenizer.bpe}:
 * repeatedly take the adjacent pair with the lowest merge rank and merge all its non-overlapping occurrences from left
 * to right, until no adjacent pair has a rank.
 *
 * <p>Upstream rescans the whole word after every merge (quadratic in the word's length). This implementation keeps the
 * symbols in a linked list and the candidate pairs in a heap ordered by (rank, position), so a word of n bytes costs
 * O(n log n) and an enormous "word" (a long run of letters, CJK text without spaces) cannot stall the tokenizer.
 * Equivalence with upstream's rounds: all occurrences of the current lowest pair are merged, left to right, before
 * any pair created by those merges is considered (new pairs wait until the round ends), and an occurrence whose
 * symbols were consumed by a merge to its left is skipped, as in upstream's scan.
 */
final class BytePairEncoder {
    private final BpeModel model;

    BytePairEncoder(BpeModel model) {
        this.model = model;
    }

    /** @return the vocabulary ids of a word given as its UTF-8 bytes (non-empty) */
    int[] encode(byte[] utf8) {
        int n = utf8.length;
        int[] symbol = new int[n];
        for (int i = 0; i < n - 1; i++) {
            symbol[i] = model.byteId(utf8[i] & 0xFF);
        }
        symbol[n - 1] = model.byteEndOfWordId(utf8[n - 1] & 0xFF);
        if (n == 1) {
            return symbol;
        }
        int[] next = new int[n];
        int[] prev = new int[n];
        for (int i = 0; i < n; i++) {
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
        }
        boolean[] dead = new boolean[n];
        LongHeap heap = new LongHeap(n);
        for (int i = 0; i + 1 < n; i++) {
            push(heap, symbol[i], symbol[i + 1], i);
        }
        LongHeap pending = new LongHeap(16);
        int alive = n;
        while (!heap.isEmpty() && alive > 1) {
            int rank = rankOf(heap.peek());
            while (!heap.isEmpty() && rankOf(heap.peek()) == rank) {
                int left = positionOf(heap.poll());
                int right = dead[left] ? -1 : next[left];
                if (right < 0 || model.rank(symbol[left], symbol[right]) != rank) {
                    continue; // stale: a merge to the left consumed one of its symbols
                }
                symbol[left] = model.mergedId(rank);
                dead[right] = true;
                alive--;
                next[left] = next[right];
                if (next[right] >= 0) {
                    prev[next[right]] = left;
                }
                if (prev[left] >= 0) {
                    push(pending, symbol[prev[left]], symbol[left], prev[left]);
                }
                if (next[left] >= 0) {
                    push(pending, symbol[left], symbol[next[left]], left);
                }
            }
            while (!pending.isEmpty()) {
                heap.add(pending.poll());
            }
        }
        int[] out = new int[alive];
        int k = 0;
        for (int i = 0; i >= 0; i = next[i]) {
            out[k++] = symbol[i];
        }
        return k == alive ? out : Arrays.copyOf(out, k);
    }

    private void push(LongHeap heap, int left, int right, int position) {
        int rank = model.rank(left, right);
        if (rank >= 0) {
            heap.add(((long) rank << 32) | position);
        }
    }

    private static int rankOf(long entry) {
        return (int) (entry >>> 32);
    }

    private static int positionOf(long entry) {
        return (int) entry;
    }
}
