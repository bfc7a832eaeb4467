package dev.bindery.llama.internal.tokenizer;

import static dev.bindery.llama.testing.GoldenDir.ints;
import static dev.bindery.llama.testing.GoldenDir.list;
import static dev.bindery.llama.testing.GoldenDir.object;
import static dev.bindery.llama.testing.GoldenDir.stringOrNull;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.llm.LanguageModel;
import dev.bindery.llama.testing.GoldenDir;
import dev.bindery.tensor.testing.Golden;
import dev.bindery.tensor.testing.Manifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The tiny ImageBind-LLM tokenizer against the ids, pieces and texts upstream produced (tokenizer/prompts.json). */
class SentencePieceGoldenTest {
    private static SentencePieceTokenizer tokenizer;
    private static Map<String, Object> prompts;

    @BeforeAll
    static void load() throws IOException {
        Path dir = GoldenDir.llamaTiny();
        tokenizer = SentencePieceTokenizer.load(dir.resolve("llama/tokenizer.model"));
        prompts = object(GoldenDir.readJson(dir.resolve("tokenizer/prompts.json")));
    }

    @Test
    void readsTheModelHeader() {
        Vocabulary v = tokenizer.vocabulary();
        assertEquals(512, v.size());
        assertEquals(0, v.unkId());
        assertEquals(1, tokenizer.bosId());
        assertEquals(2, tokenizer.eosId());
        assertEquals(-1, v.padId());
        assertEquals(ModelType.BPE, tokenizer.model().modelType());
        assertEquals(NormalizerOptions.llama(), tokenizer.model().normalizer());
    }

    @Test
    void formatsEncodesAndDecodesEveryPrompt() {
        List<Object> items = list(prompts.get("items"));
        assertFalse(items.isEmpty());
        for (Object o : items) {
            Map<String, Object> item = object(o);
            String instruction = (String) item.get("instruction");
            String prompt = (String) item.get("prompt");
            assertEquals(prompt, LanguageModel.alpacaPrompt(instruction, stringOrNull(item.get("input"))),
                    "format_prompt of " + instruction);
            int[] expected = ints(item.get("ids"));
            int[] actual = tokenizer.encode(prompt, true, false);
            List<Object> pieces = list(item.get("pieces"));
            assertEquals(pieces.subList(1, pieces.size()), List.copyOf(tokenizer.encodeAsPieces(prompt)),
                    "pieces of " + prompt);
            assertArrayEquals(expected, actual, "ids of " + prompt);
            assertEquals(item.get("decoded_without_bos"), tokenizer.decode(Arrays.copyOfRange(expected, 1,
                    expected.length)), "decode of " + prompt);
        }
    }

    /** Manifest entries that state their prompt text (logits/prompt_ids.npy): the ids must come from our encoder. */
    @Test
    void encodesEveryPromptTheManifestStates() {
        Manifest manifest = Golden.manifest(GoldenDir.GROUP);
        List<String> withPrompt = manifest.files(f -> manifest.entry(f).get("prompt") instanceof String);
        assertFalse(withPrompt.isEmpty());
        for (String file : withPrompt) {
            String prompt = (String) manifest.entry(file).get("prompt");
            long[] ids = Arrays.stream(tokenizer.encode(prompt, true, false)).asLongStream().toArray();
            Golden.assertEqual(Golden.npy(GoldenDir.GROUP + "/" + file), ids, file);
        }
    }

    /** Every generate() run (x/result.json): its prompt ids, and the decoded text of its generated ids. */
    @Test
    void encodesPromptsAndDecodesAnswersOfEveryGenerateRun() throws IOException {
        Manifest manifest = Golden.manifest(GoldenDir.GROUP);
        List<String> runs = manifest.files(f -> f.endsWith("/result.json"));
        assertTrue(runs.size() >= 4, "generate runs in the manifest: " + runs);
        for (String run : runs) {
            Map<String, Object> result = object(GoldenDir.readJson(manifest.path(run)));
            String prompt = (String) result.get("prompt");
            assertArrayEquals(ints(result.get("prompt_ids")), tokenizer.encode(prompt, true, false), run);
            int[] generated = ints(result.get("generated_ids"));
            int end = 0;
            while (end < generated.length && generated[end] != tokenizer.eosId()) {
                end++;
            }
            assertEquals(result.get("generated_text"), tokenizer.decode(Arrays.copyOf(generated, end)), run);
        }
    }

    @Test
    void encodesEveryPlainString() {
        List<Object> items = list(prompts.get("plain_strings"));
        assertFalse(items.isEmpty());
        for (Object o : items) {
            Map<String, Object> item = object(o);
            String text = (String) item.get("text");
            assertArrayEquals(ints(item.get("ids_no_bos_no_eos")), tokenizer.encode(text, false, false), text);
            assertArrayEquals(ints(item.get("ids_bos_eos")), tokenizer.encode(text, true, true), text);
        }
    }
}
