package dev.bindery.llama.internal.tokenizer;

import static dev.bindery.llama.testing.GoldenDir.list;
import static dev.bindery.llama.testing.GoldenDir.object;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.llama.testing.GoldenDir;
import dev.bindery.tensor.io.GgufFile;
import dev.bindery.tensor.io.GgufValue;
import dev.bindery.tensor.io.GgufValueType;
import dev.bindery.tensor.io.GgufWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The golden vocabulary written as llama.cpp GGUF metadata must tokenize exactly as the tokenizer.model does. */
class GgufVocabularyReaderTest {

    private static Map<String, GgufValue> metadataOf(Vocabulary v) {
        List<String> tokens = new ArrayList<>();
        List<Float> scores = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        for (int id = 0; id < v.size(); id++) {
            tokens.add(v.piece(id));
            scores.add(v.score(id));
            types.add(v.type(id).number());
        }
        Map<String, GgufValue> m = new LinkedHashMap<>();
        m.put("general.architecture", GgufValue.ofString("llama"));
        m.put("tokenizer.ggml.model", GgufValue.ofString("llama"));
        m.put("tokenizer.ggml.tokens", GgufValue.ofStrings(tokens));
        m.put("tokenizer.ggml.scores", GgufValue.ofArray(GgufValueType.FLOAT32, scores));
        m.put("tokenizer.ggml.token_type", GgufValue.ofArray(GgufValueType.INT32, types));
        m.put("tokenizer.ggml.bos_token_id", GgufValue.ofUint32(v.bosId()));
        m.put("tokenizer.ggml.eos_token_id", GgufValue.ofUint32(v.eosId()));
        m.put("tokenizer.ggml.unknown_token_id", GgufValue.ofUint32(v.unkId()));
        m.put("tokenizer.ggml.padding_token_id", GgufValue.ofUint32(v.unkId())); // as some conversions do
        return m;
    }

    @Test
    void ggufMetadataTokenizesLikeTheSentencePieceModel(@TempDir Path tmp) throws IOException {
        Path dir = GoldenDir.llamaTiny();
        SentencePieceTokenizer reference = SentencePieceTokenizer.load(dir.resolve("llama/tokenizer.model"));
        Path gguf = tmp.resolve("tiny.gguf");
        GgufWriter.write(gguf, metadataOf(reference.vocabulary()), List.of());
        TokenizerModel model;
        try (GgufFile file = GgufFile.open(gguf)) {
            model = GgufVocabularyReader.read(file.metadata(), gguf.toString());
        }
        SentencePieceTokenizer tokenizer = new SentencePieceTokenizer(model);
        assertEquals(-1, model.vocabulary().padId(), "a padding id on <unk> is ignored");
        assertTrue(model.byteFallback());
        Map<String, Object> prompts = object(GoldenDir.readJson(dir.resolve("tokenizer/prompts.json")));
        for (Object o : list(prompts.get("items"))) {
            String prompt = (String) object(o).get("prompt");
            int[] ids = tokenizer.encode(prompt, true, false);
            assertArrayEquals(reference.encode(prompt, true, false), ids, prompt);
            assertEquals(reference.decode(ids), tokenizer.decode(ids));
        }
    }

    @Test
    void refusesOtherTokenizersAndBrokenMetadata() throws IOException {
        Vocabulary v = SentencePieceTokenizer.load(GoldenDir.llamaTiny().resolve("llama/tokenizer.model"))
                .vocabulary();
        Map<String, GgufValue> gpt2 = metadataOf(v);
        gpt2.put("tokenizer.ggml.model", GgufValue.ofString("gpt2"));
        assertMessage(assertThrows(TokenizerFormatException.class, () -> GgufVocabularyReader.read(gpt2, "m.gguf")),
                "m.gguf", "'gpt2'");

        Map<String, GgufValue> noTokens = metadataOf(v);
        noTokens.remove("tokenizer.ggml.tokens");
        assertMessage(assertThrows(TokenizerFormatException.class,
                () -> GgufVocabularyReader.read(noTokens, "m.gguf")), "tokenizer.ggml.tokens is missing");

        Map<String, GgufValue> shortScores = metadataOf(v);
        shortScores.put("tokenizer.ggml.scores", GgufValue.ofArray(GgufValueType.FLOAT32, List.of(0f)));
        assertMessage(assertThrows(TokenizerFormatException.class,
                () -> GgufVocabularyReader.read(shortScores, "m.gguf")), "512 tokens but 1 scores");

        Map<String, GgufValue> badUnk = metadataOf(v);
        badUnk.put("tokenizer.ggml.unknown_token_id", GgufValue.ofUint32(5));
        assertMessage(assertThrows(TokenizerFormatException.class,
                () -> GgufVocabularyReader.read(badUnk, "m.gguf")), "unknown_token_id is 5");

        Map<String, GgufValue> bosOnNormal = metadataOf(v);
        bosOnNormal.put("tokenizer.ggml.bos_token_id", GgufValue.ofUint32(300));
        assertMessage(assertThrows(TokenizerFormatException.class,
                () -> GgufVocabularyReader.read(bosOnNormal, "m.gguf")), "begin-of-sequence id 300", "not a control");
    }

    static void assertMessage(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should mention '" + part + "'");
        }
    }
}
