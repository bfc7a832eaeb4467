package dev.bindery.llama.internal.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * SentencePiece's BPE segmentation of a normalised text (its {@code bpe::Model::Encode} followed by the byte fallback
 * of {@code PopulateSentencePieceText}):
 * <ol>
 * <li>split into characters (user-defined symbols stay whole and are frozen);</li>
 * <li>repeatedly merge the adjacent pair whose concatenation is a vocabulary piece with the highest score, the
 * leftmost pair first among equal scores;</li>
 * <li>split merged pieces of type UNUSED back into the two parts they were merged from;</li>
 * <li>map what is left to ids; an unknown piece becomes its UTF-8 bytes as {@code <0xNN>} pieces when byte fallback
 * is on, otherwise consecutive unknown pieces become one unknown id.</li>
 * </ol>
 * Thread-safe: all state is per call.
 */
final class BpeEncoder {
    private final Vocabulary vocabulary;
    private final UserSymbolMatcher userSymbols;
    private final boolean byteFallback;

    BpeEncoder(Vocabulary vocabulary, UserSymbolMatcher userSymbols, boolean byteFallback) {
        this.vocabulary = vocabulary;
        this.userSymbols = userSymbols;
        this.byteFallback = byteFallback;
    }

    /** A candidate merge of the symbols {@code left} and {@code right}, valid while both keep their extent. */
    private record Candidate(int left, int right, float score, int length) {
    }

    /** Appends the ids of a normalised text to {@code out}. */
    void encode(String normalized, List<Integer> out) {
        if (normalized.isEmpty()) {
            return;
        }
        Symbols symbols = new Symbols(normalized, userSymbols);
        PriorityQueue<Candidate> agenda = new PriorityQueue<>((a, b) -> a.score != b.score
                ? Float.compare(b.score, a.score) : Integer.compare(a.left, b.left));
        Map<String, String[]> unusedMerges = new HashMap<>();
        for (int i = 1; i < symbols.count; i++) {
            offer(symbols, i - 1, i, agenda, unusedMerges);
        }
        while (!agenda.isEmpty()) {
            Candidate top = agenda.poll();
            int left = top.left;
            int right = top.right;
            if (symbols.length[left] == 0 || symbols.length[right] == 0
                    || symbols.length[left] + symbols.length[right] != top.length) {
                continue; // one side was merged away or grew since this candidate was made
            }
            symbols.length[left] += symbols.length[right];
            symbols.length[right] = 0;
            symbols.next[left] = symbols.next[right];
            if (symbols.next[right] >= 0) {
                symbols.prev[symbols.next[right]] = left;
            }
            offer(symbols, symbols.prev[left], left, agenda, unusedMerges);
            offer(symbols, left, symbols.next[left], agenda, unusedMerges);
        }
        boolean previousUnknown = false;
        for (int i = 0; i >= 0; i = symbols.next[i]) {
            List<String> parts = new ArrayList<>(1);
            resegment(symbols.text(i), unusedMerges, parts);
            for (String piece : parts) {
                int id = vocabulary.pieceToId(piece);
                boolean unknown = vocabulary.isUnknown(id);
                if (unknown && byteFallback) {
                    for (byte b : piece.getBytes(StandardCharsets.UTF_8)) {
                        out.add(vocabulary.byteToId(b & 0xFF));
                    }
                } else if (!(unknown && previousUnknown)) {
                    out.add(id);
                }
                previousUnknown = unknown;
            }
        }
    }

    private void offer(Symbols symbols, int left, int right, PriorityQueue<Candidate> agenda,
            Map<String, String[]> unusedMerges) {
        if (left < 0 || right < 0 || symbols.frozen[left] || symbols.frozen[right]) {
            return;
        }
        int length = symbols.length[left] + symbols.length[right];
        String merged = symbols.source.substring(symbols.start[left], symbols.start[left] + length);
        int id = vocabulary.mergeableId(merged);
        if (id < 0) {
            return;
        }
        agenda.add(new Candidate(left, right, vocabulary.score(id), length));
        if (vocabulary.isUnused(id)) {
            unusedMerges.put(merged, new String[] {symbols.text(left), symbols.text(right)});
        }
    }

    /** Splits an unused piece back into the parts it was merged from, recursively. */
    private void resegment(String piece, Map<String, String[]> unusedMerges, List<String> out) {
        int id = vocabulary.pieceToId(piece);
        String[] parts = vocabulary.isUnused(id) ? unusedMerges.get(piece) : null;
        if (parts == null) {
            out.add(piece);
            return;
        }
        resegment(parts[0], unusedMerges, out);
        resegment(parts[1], unusedMerges, out);
    }

    /** The symbol list: a doubly linked list over extents of the text; a merged-away symbol has length 0. */
    private static final class Symbols {
        final String source;
        final int count;
        final int[] start;
        final int[] length;
        final int[] prev;
        final int[] next;
        final boolean[] frozen;

        Symbols(String text, UserSymbolMatcher userSymbols) {
            int capacity = text.length();
            this.source = text;
            this.start = new int[capacity];
            this.length = new int[capacity];
            this.prev = new int[capacity];
            this.next = new int[capacity];
            this.frozen = new boolean[capacity];
            int n = 0;
            int at = 0;
            while (at < capacity) {
                int len = userSymbols.matchAt(text, at);
                frozen[n] = len > 0;
                if (len == 0) {
                    len = UserSymbolMatcher.charLength(text, at);
                }
                start[n] = at;
                length[n] = len;
                prev[n] = n - 1;
                at += len;
                next[n] = at < capacity ? n + 1 : -1;
                n++;
            }
            this.count = n;
        }

        String text(int i) {
            return source.substring(start[i], start[i] + length[i]);
        }
    }
}
