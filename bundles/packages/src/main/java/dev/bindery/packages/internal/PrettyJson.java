package dev.bindery.packages.internal;

import dev.bindery.tensor.io.Json;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes JSON indented by two spaces with the keys of every object in sorted order, so that the same content always
 * gives the same bytes (the default package must be reproducible byte for byte) and a person can read a manifest.
 * Values are maps, lists, strings, integral numbers, booleans and null; scalars are written by {@link Json#write}.
 */
public final class PrettyJson {
    private PrettyJson() {
    }

    /** The value as indented JSON ending with a newline. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, "");
        return sb.append('\n').toString();
    }

    private static void write(StringBuilder sb, Object v, String indent) {
        if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            Map<String, Object> sorted = new TreeMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sorted.put((String) e.getKey(), e.getValue());
            }
            String inner = indent + "  ";
            sb.append("{\n");
            int i = 0;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                sb.append(inner).append(Json.write(e.getKey())).append(": ");
                write(sb, e.getValue(), inner);
                sb.append(++i < sorted.size() ? ",\n" : "\n");
            }
            sb.append(indent).append('}');
        } else if (v instanceof List<?> list) {
            if (list.isEmpty()) {
                sb.append("[]");
                return;
            }
            String inner = indent + "  ";
            sb.append("[\n");
            for (int i = 0; i < list.size(); i++) {
                sb.append(inner);
                write(sb, list.get(i), inner);
                sb.append(i + 1 < list.size() ? ",\n" : "\n");
            }
            sb.append(indent).append(']');
        } else {
            sb.append(Json.write(v));
        }
    }
}
