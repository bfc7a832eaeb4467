package dev.bindery.llama.internal.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.llama.testing.GoldenDir;
import dev.bindery.llama.testing.ProtoWriter;
import dev.bindery.llama.testing.TestResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading {@code tokenizer.model}: fields, defaults, and a clear error for every kind of bad file. */
class SentencePieceModelReaderTest {

    private static Path goldenModel() {
        return GoldenDir.llamaTiny().resolve("llama/tokenizer.model");
    }

    @Test
    void readsPiecesScoresAndTypes() throws IOException {
        TokenizerModel model = SentencePieceModelReader.read(goldenModel());
        Vocabulary v = model.vocabulary();
        assertEquals(PieceType.UNKNOWN, v.type(0));
        assertEquals("<unk>", v.piece(0));
        assertEquals(PieceType.CONTROL, v.type(1));
        assertEquals(PieceType.BYTE, v.type(3));
        assertEquals(0x0A, v.idToByte(13));
        assertEquals(13, v.byteToId(0x0A));
        assertEquals("\u2581t", v.piece(259));
        assertEquals(-0f, v.score(259));
        assertEquals(-1f, v.score(260));
        assertTrue(model.byteFallback());
        assertEquals(" \u2047 ", model.unkSurface());
        assertEquals(259, v.pieceToId("\u2581t"));
        assertEquals(0, v.pieceToId("not a piece"));
        assertEquals(-1, v.mergeableId("<s>"));
        assertEquals(1, v.pieceToId("<s>"));
    }

    @Test
    void appliesProtoDefaultsWhenSpecsAreAbsent() throws TokenizerFormatException {
        byte[] onlyPieces = new ProtoWriter().message(1, new ProtoWriter().string(1, "<unk>").varint(3, 2))
                .message(1, new ProtoWriter().string(1, "a")).toByteArray();
        TokenizerModel model = SentencePieceModelReader.read(onlyPieces, "bare.model");
        assertEquals(ModelType.UNIGRAM, model.modelType());
        assertEquals(new NormalizerOptions("", false, true, true, true, false), model.normalizer());
        assertEquals(PieceType.NORMAL, model.vocabulary().type(1));
        assertEquals(-1, model.vocabulary().bosId(), "no <s> piece: no begin-of-sequence id");
        assertEquals(TokenizerModel.DEFAULT_UNK_SURFACE, model.unkSurface());
    }

    @Test
    void refusesEmptyTruncatedAndForeignFiles() throws IOException {
        byte[] bytes = Files.readAllBytes(goldenModel());
        assertMessage(assertThrows(TokenizerFormatException.class,
                () -> SentencePieceModelReader.read(new byte[0], "empty.model")), "empty.model", "empty");
        for (int cut : new int[] {1, 5, 100, 3001, bytes.length - 200, bytes.length - 1}) {
            TokenizerFormatException e = assertThrows(TokenizerFormatException.class,
                    () -> SentencePieceModelReader.read(Arrays.copyOf(bytes, cut), "cut.model"), "cut at " + cut);
            assertMessage(e, "cut.model");
        }
        Path json = GoldenDir.llamaTiny().resolve("config.json");
        TokenizerFormatException e = assertThrows(TokenizerFormatException.class,
                () -> SentencePieceModelReader.read(json));
        assertMessage(e, json.toString(), "not a valid SentencePiece model");
    }

    @Test
    void refusesAUnigramModel() throws IOException {
        Path unigram = TestResources.path("tokenizer/models/unsupported_unigram.model");
        TokenizerModel model = SentencePieceModelReader.read(unigram);
        assertEquals(ModelType.UNIGRAM, model.modelType());
        TokenizerFormatException e = assertThrows(TokenizerFormatException.class,
                () -> new SentencePieceTokenizer(model));
        assertMessage(e, unigram.toString(), "UNIGRAM", "only BPE");
    }

    @Test
    void refusesANormalizationCharacterMapAndADenormalizer() {
        TinyModel charsMap = TinyModel.bpe();
        charsMap.normalizer().string(1, "nmt_nfkc").bytes(2, new byte[] {1, 2, 3, 4});
        assertMessage(assertThrows(TokenizerFormatException.class, charsMap::tokenizer), "tiny.model", "nmt_nfkc",
                "identity");

        byte[] denormalizer = new ProtoWriter().raw(TinyModel.bpe().toByteArray())
                .message(5, new ProtoWriter().string(1, "rule").bytes(2, new byte[] {9})).toByteArray();
        assertMessage(assertThrows(TokenizerFormatException.class,
                () -> SentencePieceModelReader.read(denormalizer, "tiny.model")), "denormalizer_spec");
    }

    @Test
    void refusesInconsistentVocabularies() {
        TinyModel duplicate = TinyModel.bpe().piece("ab", 0, PieceType.NORMAL).piece("ab", -1, PieceType.NORMAL);
        assertMessage(assertThrows(TokenizerFormatException.class, duplicate::tokenizer), "tiny.model",
                "'ab' is defined twice");

        TinyModel twoUnknown = TinyModel.bpe().piece("<unk2>", 0, PieceType.UNKNOWN);
        assertMessage(assertThrows(TokenizerFormatException.class, twoUnknown::tokenizer), "two unknown pieces");

        byte[] noUnknown = new ProtoWriter().message(1, new ProtoWriter().string(1, "a"))
                .message(2, new ProtoWriter().varint(3, 2)).toByteArray();
        assertMessage(assertThrows(TokenizerFormatException.class,
                () -> SentencePieceModelReader.read(noUnknown, "tiny.model")), "no unknown piece");

        TinyModel badByte = TinyModel.bpe().piece("<0xZZ>", 0, PieceType.BYTE);
        badByte.trainer().varint(35, 1);
        assertMessage(assertThrows(TokenizerFormatException.class, badByte::tokenizer), "'<0xZZ>'", "<0xNN>");

        TinyModel bytesWithoutFallback = TinyModel.bpe().piece("<0x41>", 0, PieceType.BYTE);
        assertMessage(assertThrows(TokenizerFormatException.class, bytesWithoutFallback::tokenizer),
                "byte_fallback is off");

        TinyModel fallbackWithoutBytes = TinyModel.bpe().piece("<0x41>", 0, PieceType.BYTE);
        fallbackWithoutBytes.trainer().varint(35, 1);
        assertMessage(assertThrows(TokenizerFormatException.class, fallbackWithoutBytes::tokenizer),
                "lacks some of the 256 byte pieces");

        TinyModel unknownType = TinyModel.bpe();
        unknownType.piece("x", 0, PieceType.NORMAL);
        byte[] withBadType = new ProtoWriter().raw(unknownType.toByteArray())
                .message(1, new ProtoWriter().string(1, "y").varint(3, 9)).toByteArray();
        assertMessage(assertThrows(TokenizerFormatException.class,
                () -> SentencePieceModelReader.read(withBadType, "tiny.model")), "pieces[4]", "piece type 9");

        byte[] badModelType = new ProtoWriter().raw(TinyModel.bpe().toByteArray())
                .message(2, new ProtoWriter().varint(3, 7)).toByteArray();
        assertMessage(assertThrows(TokenizerFormatException.class,
                () -> SentencePieceModelReader.read(badModelType, "tiny.model")), "trainer_spec", "model_type 7");

        byte[] emptyPiece = new ProtoWriter().message(1, new ProtoWriter().floatField(2, 1f)).toByteArray();
        assertMessage(assertThrows(TokenizerFormatException.class,
                () -> SentencePieceModelReader.read(emptyPiece, "tiny.model")), "pieces[0]", "missing or empty");
    }

    @Test
    void resolvesSpecialIdsByPieceNameAsSentencePieceDoes() throws TokenizerFormatException {
        TinyModel renamed = TinyModel.bpe().piece("<bos>", 0, PieceType.CONTROL).piece("a", 0, PieceType.NORMAL);
        renamed.trainer().string(46, "<bos>").string(47, "<none>");
        renamed.normalizer().varint(3, 0); // no dummy prefix: "a" is the one piece "a"
        SentencePieceTokenizer tokenizer = renamed.tokenizer();
        assertEquals(3, tokenizer.bosId());
        assertEquals(-1, tokenizer.eosId(), "no control piece named <none>");
        assertArrayEquals(new int[] {3, 4}, tokenizer.encode("a", true, false));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> tokenizer.encode("a", false, true));
        assertMessage(e, "tiny.model", "end-of-sequence");
    }

    @Test
    void decodingRefusesIdsOutsideTheVocabulary() throws IOException {
        SentencePieceTokenizer tokenizer = SentencePieceTokenizer.load(goldenModel());
        for (int bad : new int[] {-1, 512, Integer.MAX_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> tokenizer.decode(new int[] {5, bad}));
            assertMessage(e, String.valueOf(bad), "512");
        }
    }

    @Test
    void piecesOfSingleTokens() throws IOException {
        SentencePieceTokenizer tokenizer = SentencePieceTokenizer.load(goldenModel());
        assertEquals("", tokenizer.piece(1));
        assertEquals(" \u2047 ", tokenizer.piece(0));
        assertEquals(" t", tokenizer.piece(259), "no leading-space removal inside a sequence");
        assertEquals("\n", tokenizer.piece(13));
        assertEquals("\uFFFD", tokenizer.piece(tokenizer.vocabulary().byteToId(0xE6)));
        assertEquals(List.of("\u2581t", "he"), List.of(tokenizer.vocabulary().piece(259),
                tokenizer.vocabulary().piece(261)));
    }

    static void assertMessage(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should mention '" + part + "'");
        }
    }
}
