package dev.bindery.shell.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Prints rows as an aligned text table or as a JSON array, the two output forms of every listing command. */
final class RowPrinter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RowPrinter() {
    }

    static void print(PrintStream out, List<Map<String, Object>> rows, boolean json, String emptyMessage) {
        if (json) {
            try {
                out.println(JSON.writeValueAsString(rows));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write the listing as JSON", e);
            }
            return;
        }
        if (rows.isEmpty()) {
            out.println(emptyMessage);
            return;
        }
        out.print(table(rows));
    }

    /** Columns are the first row's keys; each is as wide as its longest cell. */
    static String table(List<Map<String, Object>> rows) {
        List<String> columns = new ArrayList<>(rows.get(0).keySet());
        int[] widths = new int[columns.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = columns.get(c).length();
            for (Map<String, Object> row : rows) {
                widths[c] = Math.max(widths[c], cell(row.get(columns.get(c))).length());
            }
        }
        StringBuilder text = new StringBuilder();
        appendLine(text, columns, widths);
        List<String> rules = new ArrayList<>();
        for (int width : widths) {
            rules.add("-".repeat(width));
        }
        appendLine(text, rules, widths);
        for (Map<String, Object> row : rows) {
            List<String> cells = new ArrayList<>();
            for (String column : columns) {
                cells.add(cell(row.get(column)));
            }
            appendLine(text, cells, widths);
        }
        return text.toString();
    }

    private static void appendLine(StringBuilder text, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                line.append(" | ");
            }
            line.append(cells.get(c)).append(" ".repeat(widths[c] - cells.get(c).length()));
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }

    private static String cell(Object value) {
        return value == null ? "-" : String.valueOf(value);
    }
}
