package dev.bindery.encoder.text.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The CLIP BPE vocabulary and merge ranks, built from {@code bpe_simple_vocab_16e6.txt.gz} exactly as upstream's
 * {@code SimpleTokenizer.__init__} builds them: ids 0..255 are the byte characters (in {@link ByteAlphabet}
 * vocabulary order), 256..511 the same with the end-of-word marker {@code </w>}, then one id per merge (the first
 * 48,894 merge lines after the header), then {@code <|startoftext|>} (49406) and {@code <|endoftext|>} (49407).
 * Immutable and thread-safe.
 */
public final class BpeModel {
    /** Number of merges upstream reads: {@code 49152 - 256 - 2}. */
    public static final int MERGES = 49152 - 256 - 2;
    public static final String START_OF_TEXT = "<|startoftext|>";
    public static final String END_OF_TEXT = "<|endoftext|>";
    static final String END_OF_WORD = "</w>";

    private final Map<String, Integer> ids;
    /** Vocabulary strings by id (upstream's {@code decoder}). */
    private final String[] tokens;
    /** (left id, right id) packed into a long, to the merge's rank. */
    private final Map<Long, Integer> ranks;
    /** The id of the symbol each merge produces, by rank. */
    private final int[] mergedIds;
    private final int[] byteIds = new int[256];
    private final int[] byteEndOfWordIds = new int[256];

    private BpeModel(Map<String, Integer> ids, Map<Long, Integer> ranks, int[] mergedIds) {
        this.ids = ids;
        this.tokens = new String[ids.size()];
        ids.forEach((token, id) -> tokens[id] = token);
        this.ranks = ranks;
        this.mergedIds = mergedIds;
        for (int b = 0; b < 256; b++) {
            String c = String.valueOf(ByteAlphabet.charOf(b));
            byteIds[b] = ids.get(c);
            byteEndOfWordIds[b] = ids.get(c + END_OF_WORD);
        }
    }

    /** Reads a gzip-compressed merges file such as {@code bpe_simple_vocab_16e6.txt.gz}. */
    public static BpeModel readGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return readGzip(in, file.toString());
        }
    }

    /**
     * @param source names the file in error messages
     * @throws IOException if the stream is not gzip or has fewer merge lines than upstream reads
     */
    public static BpeModel readGzip(InputStream in, String source) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(in),
                StandardCharsets.UTF_8));
        String header = reader.readLine();
        if (header == null) {
            throw new IOException("BPE merges file " + source + " is empty");
        }
        String[][] merges = new String[MERGES][];
        for (int rank = 0; rank < MERGES; rank++) {
            String line = reader.readLine();
            if (line == null) {
                throw new IOException("BPE merges file " + source + " has " + rank + " merges, expected at least "
                        + MERGES);
            }
            String[] pair = line.trim().split("\\s+");
            if (pair.length != 2) {
                throw new IOException("BPE merges file " + source + " line " + (rank + 2) + " is not a pair: '"
                        + line + "'");
            }
            merges[rank] = pair;
        }
        return build(merges);
    }

    private static BpeModel build(String[][] merges) {
        // Upstream: dict(zip(vocab, range(len(vocab)))), so a repeated string keeps its last id.
        Map<String, Integer> ids = new HashMap<>(2 * (512 + MERGES + 2));
        int next = 0;
        char[] order = ByteAlphabet.vocabularyOrder();
        for (char c : order) {
            ids.put(String.valueOf(c), next++);
        }
        for (char c : order) {
            ids.put(c + END_OF_WORD, next++);
        }
        for (String[] m : merges) {
            ids.put(m[0] + m[1], next++);
        }
        ids.put(START_OF_TEXT, next++);
        ids.put(END_OF_TEXT, next);
        Map<Long, Integer> ranks = new HashMap<>(2 * MERGES);
        int[] mergedIds = new int[MERGES];
        for (int rank = 0; rank < MERGES; rank++) {
            Integer left = ids.get(merges[rank][0]);
            Integer right = ids.get(merges[rank][1]);
            if (left == null || right == null) {
                throw new IllegalArgumentException("merge " + rank + " '" + merges[rank][0] + " " + merges[rank][1]
                        + "' uses a symbol that no earlier merge or byte defines");
            }
            ranks.put(pair(left, right), rank); // a repeated pair keeps its last rank, as in the dict
            mergedIds[rank] = ids.get(merges[rank][0] + merges[rank][1]);
        }
        return new BpeModel(ids, ranks, mergedIds);
    }

    static long pair(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    /** @return the merge rank of two adjacent symbols, or -1 if they never merge */
    int rank(int left, int right) {
        Integer r = ranks.get(pair(left, right));
        return r == null ? -1 : r;
    }

    int mergedId(int rank) {
        return mergedIds[rank];
    }

    /** The id of a byte's character (inside a word). */
    int byteId(int b) {
        return byteIds[b];
    }

    /** The id of a byte's character with the end-of-word marker (the last symbol of a word). */
    int byteEndOfWordId(int b) {
        return byteEndOfWordIds[b];
    }

    /** @return the id of a vocabulary string, or -1 */
    public int id(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    /**
     * @return the vocabulary string of an id (byte characters, possibly ending in {@code </w>})
     * @throws IllegalArgumentException if the id is outside the vocabulary
     */
    public String token(int id) {
        if (id < 0 || id >= tokens.length) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary (0.." + (tokens.length - 1)
                    + ")");
        }
        return tokens[id];
    }

    /** Vocabulary size (49408 for the CLIP file). */
    public int size() {
        return ids.size();
    }

    public int startOfTextId() {
        return ids.get(START_OF_TEXT);
    }

    public int endOfTextId() {
        return ids.get(END_OF_TEXT);
    }
}
