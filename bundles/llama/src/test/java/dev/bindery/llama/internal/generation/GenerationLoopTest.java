package dev.bindery.llama.internal.generation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.BinderyException;
import dev.bindery.api.InvalidInputException;
import dev.bindery.api.llm.GenerationResult;
import dev.bindery.api.llm.SamplingOptions;
import dev.bindery.api.llm.StopReason;
import dev.bindery.llama.internal.sampling.GreedySampler;
import dev.bindery.llama.internal.tokenizer.SentencePieceTokenizer;
import dev.bindery.llama.testing.GoldenDir;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The loop's stops and streaming, driven by a scripted model over the tiny tokenizer. */
class GenerationLoopTest {
    private static SentencePieceTokenizer tokenizer;
    private static final int[] PROMPT = {1, 380, 426};

    @BeforeAll
    static void load() throws IOException {
        tokenizer = SentencePieceTokenizer.load(GoldenDir.llamaTiny().resolve("llama/tokenizer.model"));
    }

    private static int[] concat(int[] a, int... b) {
        return IntStream.concat(IntStream.of(a), IntStream.of(b)).toArray();
    }

    private GenerationResult run(ScriptedModel model, SamplingOptions options, List<String> chunks, int context)
            throws BinderyException {
        return new GenerationLoop(tokenizer, context).run(PROMPT, model, new GreedySampler(), options, chunks::add,
                () -> false);
    }

    @Test
    void stopsAfterEmittingEndOfSequence() throws BinderyException {
        int[] answer = tokenizer.encode("Hello world", false, false);
        int eos = tokenizer.eosId();
        ScriptedModel model = new ScriptedModel(512, concat(answer, eos, 300));
        List<String> chunks = new ArrayList<>();
        GenerationResult r = run(model, SamplingOptions.greedy(), chunks, 512);
        assertEquals(StopReason.END_OF_SEQUENCE, r.stopReason());
        assertArrayEquals(concat(answer, eos), r.tokens(), "the end-of-sequence id is part of the tokens");
        assertEquals("Hello world", r.text(), "but not of the text");
        assertEquals("Hello world", String.join("", chunks));
        assertEquals(answer.length + 1, model.startPositions.size(), "one model call per generated token");
        List<Integer> expected = new ArrayList<>(List.of(0));
        for (int k = 1; k <= answer.length; k++) {
            expected.add(PROMPT.length + k - 1);
        }
        assertEquals(expected, model.startPositions);
    }

    @Test
    void stopsAtMaxNewTokensAndWhenTheContextIsFull() throws BinderyException {
        int[] answer = tokenizer.encode("one two three four five six", false, false);
        assertTrue(answer.length > 6);
        GenerationResult capped = run(new ScriptedModel(512, answer), SamplingOptions.greedy().withMaxNewTokens(4),
                new ArrayList<>(), 512);
        assertEquals(StopReason.MAX_TOKENS, capped.stopReason());
        assertEquals(4, capped.generatedTokens());
        assertEquals(tokenizer.decode(java.util.Arrays.copyOf(answer, 4)), capped.text());

        ScriptedModel model = new ScriptedModel(512, answer);
        GenerationResult full = run(model, SamplingOptions.greedy(), new ArrayList<>(), PROMPT.length + 3);
        assertEquals(StopReason.CONTEXT_FULL, full.stopReason());
        assertEquals(3, full.generatedTokens());
        assertEquals(List.of(0, 3, 4), model.startPositions, "never a position at or beyond the context");
    }

    @Test
    void stopSequencesEndTheAnswerWithoutShowingThem() throws BinderyException {
        int[] answer = tokenizer.encode("Sure.\n### Instruction: more", false, false);
        List<String> chunks = new ArrayList<>();
        GenerationResult r = run(new ScriptedModel(512, answer),
                SamplingOptions.greedy().withStop(List.of("###", "never")), chunks, 512);
        assertEquals(StopReason.STOP_SEQUENCE, r.stopReason());
        assertEquals("Sure.\n", r.text());
        assertEquals("Sure.\n", String.join("", chunks));
        assertFalse(String.join("", chunks).contains("#"));
        assertTrue(r.generatedTokens() < answer.length, "generation ended at the stop sequence");
    }

    @Test
    void streamsMultiByteCharactersWhole() throws BinderyException {
        int[] answer = tokenizer.encode("dog \uD83D\uDC36 and \u6771\u4eac", false, false);
        long bytePieces = IntStream.of(answer).filter(id -> tokenizer.vocabulary().isByte(id)).count();
        assertTrue(bytePieces >= 7, "the emoji and the CJK characters are byte pieces in the tiny vocabulary");
        List<String> chunks = new ArrayList<>();
        GenerationResult r = run(new ScriptedModel(512, answer), SamplingOptions.greedy()
                .withMaxNewTokens(answer.length), chunks, 512);
        assertEquals("dog \uD83D\uDC36 and \u6771\u4eac", r.text());
        assertEquals(r.text(), String.join("", chunks));
        for (String chunk : chunks) {
            assertFalse(chunk.contains("\uFFFD"), "a chunk shows a partial character: " + chunks);
        }
    }

    @Test
    void anIncompleteCharacterAtTheEndStillShowsAsSentencePieceDecodesIt() throws BinderyException {
        int firstEmojiByte = tokenizer.vocabulary().byteToId(0xF0);
        int[] answer = concat(tokenizer.encode("ok", false, false), firstEmojiByte);
        List<String> chunks = new ArrayList<>();
        GenerationResult r = run(new ScriptedModel(512, answer), SamplingOptions.greedy()
                .withMaxNewTokens(answer.length), chunks, 512);
        assertEquals("ok\uFFFD", r.text());
        assertEquals(tokenizer.decode(answer), r.text());
        assertEquals(r.text(), String.join("", chunks));
    }

    @Test
    void cancellingStopsBeforeTheNextToken() throws BinderyException {
        int[] answer = tokenizer.encode("one two three four", false, false);
        List<String> chunks = new ArrayList<>();
        GenerationResult r = new GenerationLoop(tokenizer, 512).run(PROMPT, new ScriptedModel(512, answer),
                new GreedySampler(), SamplingOptions.greedy(), chunks::add, () -> chunks.size() >= 2);
        assertEquals(StopReason.CANCELLED, r.stopReason());
        assertEquals(2, r.generatedTokens());
        assertEquals(String.join("", chunks), r.text());
    }

    @Test
    void refusesPromptsThatCannotBeServed() {
        GenerationLoop loop = new GenerationLoop(tokenizer, 8);
        ScriptedModel model = new ScriptedModel(512, 5);
        InvalidInputException tooLong = assertThrows(InvalidInputException.class, () -> loop.run(new int[8], model,
                new GreedySampler(), SamplingOptions.greedy(), t -> { }, () -> false));
        assertTrue(tooLong.getMessage().contains("8 tokens") && tooLong.getMessage().contains("no room"));
        assertThrows(InvalidInputException.class, () -> loop.run(new int[0], model, new GreedySampler(),
                SamplingOptions.greedy(), t -> { }, () -> false));
        InvalidInputException badId = assertThrows(InvalidInputException.class, () -> loop.run(new int[] {1, 512},
                model, new GreedySampler(), SamplingOptions.greedy(), t -> { }, () -> false));
        assertTrue(badId.getMessage().contains("512"));
        assertTrue(model.startPositions.isEmpty(), "the model is not called for a bad prompt");
    }
}
