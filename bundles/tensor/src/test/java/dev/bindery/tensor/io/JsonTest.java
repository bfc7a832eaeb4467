package dev.bindery.tensor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.tensor.testing.Golden;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesValuesAndKeepsKeyOrder() {
        Map<String, Object> m = Json.parseObject(
                "{ \"b\": [1, -2.5e3, true, false, null], \"a\": \"x\\n\\u00e9\\\"\", \"big\": 12345678901234567890, \"n\": NaN }");
        assertEquals(List.of("b", "a", "big", "n"), new ArrayList<>(m.keySet()));
        assertEquals(Arrays.asList(1L, -2500.0, true, false, null), m.get("b"));
        assertEquals("x\né\"", m.get("a"));
        assertEquals(1.2345678901234567e19, m.get("big"));
        assertTrue(Double.isNaN((Double) m.get("n")));
    }

    @Test
    void writesWhatItReads() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "tab\tquote\"back\\slash\u0001");
        m.put("l", List.of(1L, 2.5, true));
        m.put("o", Map.of("k", List.of()));
        m.put("z", null);
        assertEquals(m, Json.parse(Json.write(m)));
    }

    @Test
    void everyGoldenManifestParses() throws Exception {
        for (String group : List.of("preprocess", "imagebind_tiny", "imagebind_llm_tiny")) {
            Map<String, Object> m = Json.parseObject(Files.readString(Golden.path(group + "/manifest.json")));
            assertEquals(group, m.get("group"));
        }
    }

    @Test
    void reportsTheOffsetOfBadInput() {
        for (String bad : new String[] {"{\"a\": }", "[1, 2", "{\"a\" 1}", "tru", "\"\\x\"", "1 2", "{'a': 1}"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().contains("offset"), e.getMessage());
        }
    }
}
