package dev.bindery.encoder.text.internal;

import dev.bindery.api.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CLIP BPE tokenizer of upstream ImageBind ({@code SimpleTokenizer}): cleans the text ({@link TextCleaner}),
 * splits it with upstream's pre-tokenizer pattern (special tokens, English contractions, letter runs, single digits,
 * runs of other non-space characters), encodes each piece's UTF-8 bytes with byte-level BPE and frames the ids with
 * {@code <|startoftext|>} (49406) and {@code <|endoftext|>} (49407) in a context of 77, zero-padded.
 *
 * <p>Bounded work: texts over {@link #MAX_TEXT_CHARS} characters are refused; {@link #tokenize} stops encoding once
 * the context is full; BPE per word is O(n log n) (see {@link BytePairEncoder}); the word cache keeps at most
 * {@value #CACHE_LIMIT} words of at most {@value #CACHE_WORD_BYTES} bytes. Like upstream, the literal strings
 * {@code <|startoftext|>} and {@code <|endoftext|>} inside a text become the special tokens. Thread-safe.
 */
public final class ClipTokenizer {
    public static final int CONTEXT_LENGTH = 77;
    /** Longest text accepted, in UTF-16 characters: about 25,000 words, far beyond the 75 tokens that are used. */
    public static final int MAX_TEXT_CHARS = 100_000;
    static final int CACHE_LIMIT = 65_536;
    static final int CACHE_WORD_BYTES = 64;

    /** Upstream's pattern (case-insensitive); after cleaning, the only whitespace left is the ASCII space. */
    private static final Pattern PRE_TOKENIZER = Pattern.compile(
            "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|\\p{L}+|\\p{N}|[^\\s\\p{L}\\p{N}]+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);

    private final BpeModel model;
    private final BytePairEncoder encoder;
    private final EotPolicy policy;
    private final ConcurrentHashMap<String, int[]> cache = new ConcurrentHashMap<>();

    /** A tokenizer with upstream HEAD's behaviour ({@link EotPolicy#KEEP_EOT}). */
    public ClipTokenizer(BpeModel model) {
        this(model, EotPolicy.KEEP_EOT);
    }

    public ClipTokenizer(BpeModel model, EotPolicy policy) {
        this.model = Objects.requireNonNull(model, "model");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.encoder = new BytePairEncoder(model);
    }

    public EotPolicy policy() {
        return policy;
    }

    /**
     * The 77 ids the text trunk takes: {@code [SOT] + bpe + [EOT]}, cut according to the {@link EotPolicy}, padded
     * with 0.
     *
     * @throws InvalidInputException if the text is longer than {@link #MAX_TEXT_CHARS}
     */
    public long[] tokenize(String text) throws InvalidInputException {
        // Only the first 76 BPE ids can reach the context under either policy.
        int[] bpe = encode(text, CONTEXT_LENGTH - 1);
        long[] ids = new long[CONTEXT_LENGTH];
        ids[0] = model.startOfTextId();
        int eot = model.endOfTextId();
        int n;
        if (policy == EotPolicy.KEEP_EOT) {
            n = Math.min(bpe.length, CONTEXT_LENGTH - 2);
            for (int i = 0; i < n; i++) {
                ids[1 + i] = bpe[i];
            }
            ids[1 + n] = eot;
        } else {
            n = Math.min(bpe.length, CONTEXT_LENGTH - 1);
            for (int i = 0; i < n; i++) {
                ids[1 + i] = bpe[i];
            }
            if (1 + n < CONTEXT_LENGTH) {
                ids[1 + n] = eot;
            }
        }
        return ids;
    }

    /**
     * All BPE ids of a text, without SOT/EOT (upstream's {@code SimpleTokenizer.encode}).
     *
     * @throws InvalidInputException if the text is longer than {@link #MAX_TEXT_CHARS}
     */
    public int[] encode(String text) throws InvalidInputException {
        return encode(text, Integer.MAX_VALUE);
    }

    /**
     * Upstream's {@code SimpleTokenizer.decode}: the tokens' bytes as UTF-8 (malformed sequences become U+FFFD), each
     * end-of-word marker {@code </w>} replaced by a space. Padding (0 is the byte character "!") is not skipped, as
     * upstream does not skip it: pass only the meaningful ids.
     *
     * @throws IllegalArgumentException if an id is outside the vocabulary
     */
    public String decode(int[] ids) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int id : ids) {
            String token = model.token(id);
            for (int i = 0; i < token.length(); i++) {
                bytes.write(ByteAlphabet.byteOf(token.charAt(i)));
            }
        }
        return new String(bytes.toByteArray(), StandardCharsets.UTF_8).replace(BpeModel.END_OF_WORD, " ");
    }

    /** Upstream's cleaning alone (ftfy, HTML unescaping, whitespace, lower case). */
    public static String clean(String text) throws InvalidInputException {
        checkLength(text);
        return TextCleaner.clean(text);
    }

    private int[] encode(String text, int limit) throws InvalidInputException {
        String cleaned = clean(text);
        IntList out = new IntList();
        Matcher m = PRE_TOKENIZER.matcher(cleaned);
        while (out.size() < limit && m.find()) {
            String piece = m.group();
            if (piece.equals(BpeModel.START_OF_TEXT)) {
                out.add(model.startOfTextId());
            } else if (piece.equals(BpeModel.END_OF_TEXT)) {
                out.add(model.endOfTextId());
            } else {
                out.addAll(word(piece));
            }
        }
        return out.toArray(Math.min(out.size(), limit));
    }

    private int[] word(String piece) {
        int[] cached = cache.get(piece);
        if (cached != null) {
            return cached;
        }
        byte[] utf8 = piece.getBytes(StandardCharsets.UTF_8);
        int[] ids = encoder.encode(utf8);
        if (utf8.length <= CACHE_WORD_BYTES) {
            if (cache.size() >= CACHE_LIMIT) {
                cache.clear(); // crude but bounded; a tokenizer's working set is small
            }
            cache.put(piece, ids);
        }
        return ids;
    }

    private static void checkLength(String text) throws InvalidInputException {
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_TEXT_CHARS) {
            throw new InvalidInputException("text of " + text.length() + " characters is longer than the limit of "
                    + MAX_TEXT_CHARS + " characters (only the first 75 tokens are used)");
        }
    }

    /** A minimal growable int array. */
    private static final class IntList {
        private int[] items = new int[32];
        private int size;

        int size() {
            return size;
        }

        void add(int v) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = v;
        }

        void addAll(int[] vs) {
            for (int v : vs) {
                add(v);
            }
        }

        int[] toArray(int n) {
            return Arrays.copyOf(items, n);
        }
    }
}
