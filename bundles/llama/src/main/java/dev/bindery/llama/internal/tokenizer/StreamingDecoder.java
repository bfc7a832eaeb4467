package dev.bindery.llama.internal.tokenizer;

import java.util.Arrays;

/**
 * Decodes a token stream incrementally for display: each {@link #push} returns only text that later tokens cannot
 * change. A trailing run of byte pieces that is the start of a multi-byte UTF-8 character is held back until it is
 * complete (so a streamed emoji never shows as U+FFFD fragments); everything else is final at once. The concatenation
 * of all returned pieces plus {@link #finish()} equals {@link SentencePieceTokenizer#decode} of all tokens. One
 * instance per generation; not thread-safe.
 */
public final class StreamingDecoder {
    private final SentencePieceTokenizer tokenizer;
    private final Vocabulary vocabulary;
    private int[] ids = new int[64];
    private int count;
    private int emitted;

    public StreamingDecoder(SentencePieceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
        this.vocabulary = tokenizer.vocabulary();
    }

    /**
     * Adds a token and returns the text that became final (possibly empty).
     *
     * @throws IllegalArgumentException if the id is outside the vocabulary
     */
    public String push(int id) {
        vocabulary.type(id); // validates the id now, not at some later decode
        if (count == ids.length) {
            ids = Arrays.copyOf(ids, count * 2);
        }
        ids[count++] = id;
        return textUpTo(count - heldBackTokens());
    }

    /** Ends the stream: the held-back bytes are decoded as SentencePiece would (U+FFFD for an incomplete one). */
    public String finish() {
        return textUpTo(count);
    }

    /** The tokens pushed so far. */
    public int[] tokens() {
        return Arrays.copyOf(ids, count);
    }

    private String textUpTo(int stable) {
        String text = tokenizer.decode(Arrays.copyOf(ids, stable));
        if (text.length() < emitted) {
            throw new IllegalStateException("decoded text shrank from " + emitted + " to " + text.length()
                    + " characters"); // cannot happen: decoding a longer prefix only appends
        }
        String delta = text.substring(emitted);
        emitted = text.length();
        return delta;
    }

    /** How many trailing byte tokens form an incomplete (but completable) UTF-8 character. */
    private int heldBackTokens() {
        int runStart = count;
        while (runStart > 0 && vocabulary.idToByte(ids[runStart - 1]) >= 0) {
            runStart--;
        }
        int length = count - runStart;
        if (length == 0) {
            return 0;
        }
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) vocabulary.idToByte(ids[runStart + i]);
        }
        int at = 0;
        while (at < length) {
            if (Utf8Bytes.isIncompletePrefix(bytes, at, length)) {
                return length - at;
            }
            long c = Utf8Bytes.decodeAt(bytes, at, length);
            at += c == Utf8Bytes.INVALID ? 1 : Utf8Bytes.length(c);
        }
        return 0;
    }
}
