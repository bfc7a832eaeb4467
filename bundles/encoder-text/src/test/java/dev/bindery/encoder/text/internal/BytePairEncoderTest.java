package dev.bindery.encoder.text.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The heap-based BPE against a direct transcription of upstream's quadratic algorithm (rescan all pairs, merge every
 * occurrence of the lowest-ranked one left to right), on the real CLIP merges and words chosen to stress the
 * equivalence: repeated symbols (overlapping pairs), long letter runs, CJK, emoji and random bytes of text.
 */
class BytePairEncoderTest {
    private final BpeModel model = BpeModels.clip();
    private final BytePairEncoder encoder = new BytePairEncoder(model);

    @Test
    void matchesUpstreamAlgorithmOnStressWords() {
        Random random = new Random(20240601);
        String[] alphabets = {"ab", "aeiou", "abcdefghijklmnopqrstuvwxyz", "東京日本語中文字テキストタワー", "🐶🚗❤️👍", "éèêëàç"};
        List<String> words = new ArrayList<>(List.of("a", "aa", "aaa", "aaaa", "aaaaaaaaaaaaaaaaaaaaaaaaa", "abababab",
                "mississippi", "hello", "lighthouse", "supercalifragilisticexpialidocious", "東京タワー", "🐶🐶🐶"));
        for (int i = 0; i < 300; i++) {
            String alphabet = alphabets[random.nextInt(alphabets.length)];
            int[] cps = alphabet.codePoints().toArray();
            StringBuilder word = new StringBuilder();
            int length = 1 + random.nextInt(i < 250 ? 20 : 300);
            for (int k = 0; k < length; k++) {
                word.appendCodePoint(cps[random.nextInt(cps.length)]);
            }
            words.add(word.toString());
        }
        for (String word : words) {
            byte[] utf8 = word.getBytes(StandardCharsets.UTF_8);
            assertArrayEquals(upstreamBpe(utf8), encoder.encode(utf8), "BPE of '" + word + "'");
        }
    }

    @Test
    void singleByteIsItsEndOfWordSymbol() {
        int[] ids = encoder.encode(new byte[] {'x'});
        assertEquals(1, ids.length);
        assertEquals(model.id("x" + BpeModel.END_OF_WORD), ids[0]);
    }

    /** Upstream's {@code SimpleTokenizer.bpe}, on symbol strings, mapped to ids at the end. */
    private int[] upstreamBpe(byte[] utf8) {
        List<String> word = new ArrayList<>();
        for (int i = 0; i < utf8.length; i++) {
            String c = String.valueOf(ByteAlphabet.charOf(utf8[i] & 0xFF));
            word.add(i == utf8.length - 1 ? c + BpeModel.END_OF_WORD : c);
        }
        while (word.size() > 1) {
            int bestRank = Integer.MAX_VALUE;
            String first = null;
            String second = null;
            for (int i = 0; i + 1 < word.size(); i++) {
                int rank = model.rank(model.id(word.get(i)), model.id(word.get(i + 1)));
                if (rank >= 0 && rank < bestRank) {
                    bestRank = rank;
                    first = word.get(i);
                    second = word.get(i + 1);
                }
            }
            if (first == null) {
                break;
            }
            List<String> merged = new ArrayList<>();
            int i = 0;
            while (i < word.size()) {
                if (i + 1 < word.size() && word.get(i).equals(first) && word.get(i + 1).equals(second)) {
                    merged.add(first + second);
                    i += 2;
                } else {
                    merged.add(word.get(i));
                    i++;
                }
            }
            word = merged;
        }
        return word.stream().mapToInt(model::id).toArray();
    }
}
