package dev.bindery.llama.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.llama.testing.GoldenDir;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonParserTest {

    @Test
    void parsesEveryValueKind() throws JsonFormatException {
        Object v = JsonParser.parse(" {\"a\": [1, -2.5e3, 0, 9223372036854775807, 1e400, 12345678901234567890],"
                + " \"b\": {\"t\": true, \"f\": false, \"n\": null}, \"s\": \"x\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9"
                + "\\ud83d\\udc36\", \"e\": [], \"o\": {}} ", "test.json");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("a", "b", "s", "e", "o"), List.copyOf(m.keySet()), "file order kept");
        List<?> a = (List<?>) m.get("a");
        assertEquals(1L, a.get(0));
        assertEquals(-2500.0, a.get(1));
        assertEquals(0L, a.get(2));
        assertEquals(Long.MAX_VALUE, a.get(3));
        assertEquals(Double.POSITIVE_INFINITY, a.get(4));
        assertEquals(1.2345678901234567e19, a.get(5));
        Map<?, ?> b = (Map<?, ?>) m.get("b");
        assertEquals(Boolean.TRUE, b.get("t"));
        assertEquals(Boolean.FALSE, b.get("f"));
        assertSame(JsonParser.NULL, b.get("n"));
        assertEquals("x\"\\/\b\f\n\r\t\u00e9\uD83D\uDC36", m.get("s"));
        assertEquals(List.of(), m.get("e"));
        assertEquals(Map.of(), m.get("o"));
    }

    @Test
    void parsesTheGoldenParamsJson() throws IOException {
        Map<String, Object> params = GoldenDir.object(GoldenDir.readJson(
                GoldenDir.llamaTiny().resolve("llama/tiny/params.json")));
        assertTrue(params.get("dim") instanceof Long);
        assertTrue(params.get("norm_eps") instanceof Double);
        assertEquals(-1L, params.get("vocab_size"));
    }

    @Test
    void rejectsInvalidJsonWithThePosition() {
        String[][] cases = {
            {"{\"a\": 1,}", "1:9", "expected a string key"},
            {"[1, 2,]", "1:7", "unexpected character ']'"},
            {"{\"a\": 1} x", "1:10", "after the JSON value"},
            {"{\"a\": 1, \"a\": 2}", "1:10", "duplicate key \"a\""},
            {"// c\n1", "1:1", "unexpected character '/'"},
            {"[NaN]", "1:2", "unexpected character 'N'"},
            {"01", "1:2", "after the JSON value"},
            {"1.", "1:3", "a digit must follow '.'"},
            {"-", "1:2", "invalid number"},
            {"\"a\nb\"", "1:3", "control character U+000A"},
            {"\"\\x\"", "1:3", "invalid escape"},
            {"\"\\u12G4\"", "1:4", "invalid \\u escape"},
            {"\"abc", "1:5", "unterminated string"},
            {"[1\n, 2", "2:4", "expected ',' or ']'"},
            {"", "1:1", "unexpected end of input"},
            {"tru", "1:1", "expected true"},
        };
        for (String[] c : cases) {
            JsonFormatException e = assertThrows(JsonFormatException.class, () -> JsonParser.parse(c[0], "p.json"),
                    c[0]);
            assertTrue(e.getMessage().startsWith("p.json:" + c[1] + ": "), () -> c[0] + " -> " + e.getMessage());
            assertTrue(e.getMessage().contains(c[2]), () -> c[0] + " -> " + e.getMessage());
        }
    }

    @Test
    void rejectsNestingBeyondTheLimit() {
        String deep = "[".repeat(600) + "]".repeat(600);
        JsonFormatException e = assertThrows(JsonFormatException.class, () -> JsonParser.parse(deep, "deep.json"));
        assertTrue(e.getMessage().contains("nesting deeper than 512"));
    }
}
