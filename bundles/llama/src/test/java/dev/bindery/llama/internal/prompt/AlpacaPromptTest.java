package dev.bindery.llama.internal.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.llm.LanguageModel;
import dev.bindery.llama.testing.GoldenDir;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlpacaPromptTest {

    /** Every prompt recorded in the fixtures that names its instruction: prompts.json items and result.json files. */
    @Test
    void reproducesEveryUpstreamPrompt() throws IOException {
        Map<String, Object> prompts = GoldenDir.object(GoldenDir.readJson(
                GoldenDir.llamaTiny().resolve("tokenizer/prompts.json")));
        List<Object> items = GoldenDir.list(prompts.get("items"));
        assertFalse(items.isEmpty());
        for (Object o : items) {
            Map<String, Object> item = GoldenDir.object(o);
            assertEquals(item.get("prompt"), LanguageModel.alpacaPrompt((String) item.get("instruction"),
                    GoldenDir.stringOrNull(item.get("input"))));
        }
    }

    @Test
    void emptyInputSelectsTheTemplateWithoutInputButSpacesDoNot() {
        assertEquals(LanguageModel.alpacaPrompt("Do it.", null), LanguageModel.alpacaPrompt("Do it.", ""));
        assertTrue(LanguageModel.alpacaPrompt("Do it.", " ").endsWith("### Input:\n \n\n### Response:"));
    }

    @Test
    void insertsTextVerbatimEvenWithFormatCharacters() {
        String tricky = "100% of %s and {instruction} and $1";
        assertTrue(LanguageModel.alpacaPrompt(tricky, null).contains("### Instruction:\n" + tricky + "\n\n### Response:"));
        String both = LanguageModel.alpacaPrompt(tricky, "%s {input}");
        assertTrue(both.contains("### Instruction:\n" + tricky + "\n\n### Input:\n%s {input}\n\n### Response:"));
        assertThrows(NullPointerException.class, () -> LanguageModel.alpacaPrompt(null, "x"));
    }
}
