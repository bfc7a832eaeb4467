package dev.bindery.encoder.text.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Tokenizer behaviour beyond the golden strings: long and huge inputs, other scripts, special tokens, threads. */
class ClipTokenizerTest {
    private final BpeModel model = BpeModels.clip();
    private final ClipTokenizer head = new ClipTokenizer(model);
    private final ClipTokenizer llm = new ClipTokenizer(model, EotPolicy.TRUNCATE_AFTER_EOT);

    @Test
    void defaultPolicyIsUpstreamHead() {
        assertEquals(EotPolicy.KEEP_EOT, head.policy());
    }

    @Test
    void hugeSingleWordIsCutAndKeepsEotUnderHead() throws Exception {
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < 60_000; i++) {
            word.append((char) ('a' + (i * 7919) % 26));
        }
        String text = word.toString();
        int[] bpe = head.encode(text);
        assertTrue(bpe.length > 76, "a 60,000-letter word has more than 76 BPE tokens");

        long[] ids = head.tokenize(text);
        assertEquals(model.startOfTextId(), ids[0]);
        assertEquals(model.endOfTextId(), ids[76], "HEAD keeps EOT in the last slot");
        for (int i = 1; i < 76; i++) {
            assertEquals(bpe[i - 1], ids[i], "HEAD slot " + i);
        }

        long[] cut = llm.tokenize(text);
        assertEquals(model.startOfTextId(), cut[0]);
        for (int i = 1; i < 77; i++) {
            assertEquals(bpe[i - 1], cut[i], "ImageBind-LLM slot " + i);
        }
        assertTrue(Arrays.stream(cut).noneMatch(id -> id == model.endOfTextId()), "ImageBind-LLM loses EOT");
    }

    @Test
    void manyWordsStopAtTheContext() throws Exception {
        String text = "the quick brown fox ".repeat(4_000);
        long[] ids = head.tokenize(text);
        assertEquals(ClipTokenizer.CONTEXT_LENGTH, ids.length);
        assertEquals(model.endOfTextId(), ids[76]);
        int[] all = head.encode(text);
        assertEquals(16_000, all.length, "one BPE token per common English word");
    }

    @Test
    void tooLongTextIsRefused() {
        String text = "x".repeat(ClipTokenizer.MAX_TEXT_CHARS + 1);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> head.tokenize(text));
        assertTrue(e.getMessage().contains(String.valueOf(ClipTokenizer.MAX_TEXT_CHARS)), e.getMessage());
    }

    @Test
    void everyScriptSurvivesTheRoundTrip() throws Exception {
        String[] texts = {
            "Привет, мир!", "مرحبا بالعالم", "שלום עולם", "नमस्ते दुनिया", "สวัสดีชาวโลก", "你好，世界。东京塔很高",
            "日本語のテキストとカタカナ", "안녕하세요 세계", "Γειά σου Κόσμε", "emoji 🐶🚗👨‍👩‍👧❤️ 🇫🇷",
            "math ∑∫√∞ ≠ ≤", "e\u0301 combining", "zero\u200bwidth", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝕞𝕒𝕥𝕙",
        };
        for (String text : texts) {
            int[] ids = head.encode(text);
            assertTrue(ids.length > 0, text);
            String decoded = head.decode(ids);
            assertEquals(ClipTokenizer.clean(text).replace(" ", ""), decoded.replace(" ", ""),
                    "every byte of '" + text + "' comes back");
            long[] context = head.tokenize(text);
            assertEquals(model.endOfTextId(), context[Math.min(ids.length, 75) + 1], "EOT after the BPE ids");
        }
    }

    @Test
    void literalSpecialTokensBecomeSpecialIdsAsUpstream() throws Exception {
        int[] ids = head.encode("a <|endoftext|> b <|startoftext|>");
        assertTrue(Arrays.stream(ids).anyMatch(id -> id == model.endOfTextId()), Arrays.toString(ids));
        assertTrue(Arrays.stream(ids).anyMatch(id -> id == model.startOfTextId()), Arrays.toString(ids));
    }

    @Test
    void concurrentUseGivesTheSameIds() throws Exception {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            texts.add("caption number " + i + " of a dog, a car and " + "bird".repeat(1 + i % 7));
        }
        ClipTokenizer fresh = new ClipTokenizer(model);
        List<long[]> sequential = new ArrayList<>();
        for (String t : texts) {
            sequential.add(head.tokenize(t));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (String t : texts) {
                futures.add(pool.submit(() -> fresh.tokenize(t)));
            }
            for (int i = 0; i < texts.size(); i++) {
                assertArrayEquals(sequential.get(i), futures.get(i).get(), texts.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
