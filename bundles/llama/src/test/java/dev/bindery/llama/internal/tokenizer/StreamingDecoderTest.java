package dev.bindery.llama.internal.tokenizer;

import static dev.bindery.llama.testing.GoldenDir.ints;
import static dev.bindery.llama.testing.GoldenDir.list;
import static dev.bindery.llama.testing.GoldenDir.object;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.llama.testing.GoldenDir;
import dev.bindery.llama.testing.TestResources;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamingDecoderTest {

    /**
     * Over every decode case of the tiny-model case file (broken and cut UTF-8 included): what streams out is always
     * a prefix of the final text, and all of it together (with finish) is exactly the final text.
     */
    @Test
    void streamedTextIsAlwaysAPrefixOfTheFinalDecode() throws IOException {
        SentencePieceTokenizer tokenizer = SentencePieceTokenizer.load(
                GoldenDir.llamaTiny().resolve("llama/tokenizer.model"));
        Map<String, Object> cases = object(GoldenDir.readJson(TestResources.path("tokenizer/cases/golden_tiny.json")));
        List<Object> decode = list(cases.get("decode"));
        assertTrue(decode.size() > 100);
        int heldBack = 0;
        for (Object o : decode) {
            int[] ids = ints(object(o).get("ids"));
            String full = tokenizer.decode(ids);
            StreamingDecoder stream = new StreamingDecoder(tokenizer);
            StringBuilder shown = new StringBuilder();
            for (int k = 0; k < ids.length; k++) {
                String delta = stream.push(ids[k]);
                shown.append(delta);
                String sofar = tokenizer.decode(Arrays.copyOf(ids, k + 1));
                assertTrue(full.startsWith(shown.toString()), () -> "shown text is not a prefix of the final one "
                        + Arrays.toString(ids));
                if (shown.length() < sofar.length()) {
                    heldBack++;
                }
            }
            shown.append(stream.finish());
            assertEquals(full, shown.toString(), Arrays.toString(ids));
            assertArrayEquals(ids, stream.tokens());
        }
        assertTrue(heldBack > 10, "the cases must exercise held-back bytes, did " + heldBack + " times");
    }

    @Test
    void holdsAnEmojiUntilItsLastByte() throws IOException {
        SentencePieceTokenizer tokenizer = SentencePieceTokenizer.load(
                GoldenDir.llamaTiny().resolve("llama/tokenizer.model"));
        Vocabulary v = tokenizer.vocabulary();
        StreamingDecoder stream = new StreamingDecoder(tokenizer);
        assertEquals("", stream.push(v.byteToId(0xF0)));
        assertEquals("", stream.push(v.byteToId(0x9F)));
        assertEquals("", stream.push(v.byteToId(0x90)));
        assertEquals("\uD83D\uDC36", stream.push(v.byteToId(0xB6)));
        assertEquals("\uFFFD", stream.push(v.byteToId(0xB6)), "a stray continuation byte is final at once");
        assertEquals("", stream.push(v.byteToId(0xE6)));
        assertEquals("\uFFFD a", stream.push(v.pieceToId("\u2581a")), "a cut character ends as U+FFFD");
        assertEquals("", stream.push(v.byteToId(0xED)));
        assertEquals("\uFFFD\uFFFD", stream.push(v.byteToId(0xA0)),
                "ED A0 would be a surrogate: it can never complete, so it is not held");
        assertEquals("", stream.finish());
        assertThrows(IllegalArgumentException.class, () -> stream.push(512));
    }
}
