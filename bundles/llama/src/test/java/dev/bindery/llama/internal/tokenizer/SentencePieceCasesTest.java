package dev.bindery.llama.internal.tokenizer;

import static dev.bindery.llama.testing.GoldenDir.ints;
import static dev.bindery.llama.testing.GoldenDir.list;
import static dev.bindery.llama.testing.GoldenDir.object;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.llama.testing.GoldenDir;
import dev.bindery.llama.testing.TestResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case file under {@code tokenizer/cases} (made by {@code generate_cases.py} with SentencePiece 0.1.97): each
 * text encodes to SentencePiece's ids, each id sequence decodes to SentencePiece's text.
 */
class SentencePieceCasesTest {

    static Stream<Path> caseFiles() throws IOException {
        Path dir = TestResources.path("tokenizer/cases");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(files.size() >= 5, "case files in " + dir);
        return files.stream();
    }

    private static SentencePieceTokenizer tokenizerFor(Path caseFile, Map<String, Object> cases) throws IOException {
        String model = (String) cases.get("model");
        Path file = model.startsWith("golden:") ? GoldenDir.root().resolve(model.substring("golden:".length()))
                : caseFile.getParent().getParent().resolve(model);
        return SentencePieceTokenizer.load(file);
    }

    @ParameterizedTest
    @MethodSource("caseFiles")
    void encodesLikeSentencePiece(Path caseFile) throws IOException {
        Map<String, Object> cases = object(GoldenDir.readJson(caseFile));
        SentencePieceTokenizer tokenizer = tokenizerFor(caseFile, cases);
        List<Object> encode = list(cases.get("encode"));
        assertTrue(encode.size() > 100);
        for (Object o : encode) {
            Map<String, Object> c = object(o);
            String text = (String) c.get("text");
            assertArrayEquals(ints(c.get("ids")), tokenizer.encode(text, false, false),
                    () -> "encode " + escape(text) + " -> " + tokenizer.encodeAsPieces(text));
        }
    }

    @ParameterizedTest
    @MethodSource("caseFiles")
    void decodesLikeSentencePiece(Path caseFile) throws IOException {
        Map<String, Object> cases = object(GoldenDir.readJson(caseFile));
        SentencePieceTokenizer tokenizer = tokenizerFor(caseFile, cases);
        List<Object> decode = list(cases.get("decode"));
        assertTrue(decode.size() > 100);
        for (Object o : decode) {
            Map<String, Object> c = object(o);
            int[] ids = ints(c.get("ids"));
            String expected = (String) c.get("text");
            String actual = tokenizer.decode(ids);
            assertEquals(escape(expected), escape(actual), () -> "decode " + java.util.Arrays.toString(ids));
        }
    }

    /** Control characters and non-ASCII as escapes, so a failure message shows what differs. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7F) {
                out.append((char) cp);
            } else {
                out.append(String.format("\\u{%X}", cp));
            }
        });
        return out.toString();
    }
}
