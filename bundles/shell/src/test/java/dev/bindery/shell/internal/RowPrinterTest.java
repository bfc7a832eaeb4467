package dev.bindery.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowPrinterTest {

    @Test
    void tableAlignsColumnsAndShowsMissingValuesAsDash() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("modality", "image");
        a.put("device", "cuda");
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("modality", "point");
        b.put("device", null);
        assertEquals("modality | device\n"
                + "-------- | ------\n"
                + "image    | cuda\n"
                + "point    | -\n", RowPrinter.table(List.of(a, b)));
    }

    @Test
    void jsonIsAnArrayOfObjectsAndEmptyListingsSaySo() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("strategy", "naive");
        row.put("ranking", 0);
        String json = capture(out -> RowPrinter.print(out, List.of(row), true, "none"));
        assertTrue(json.replaceAll("\\s", "").equals("[{\"strategy\":\"naive\",\"ranking\":0}]"), json);
        assertEquals("none\n", capture(out -> RowPrinter.print(out, List.of(), false, "none")));
        assertEquals("[]", capture(out -> RowPrinter.print(out, List.of(), true, "none")).replaceAll("\\s", ""));
    }

    private static String capture(java.util.function.Consumer<PrintStream> body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            body.accept(out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
