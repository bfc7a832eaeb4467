package dev.bindery.http.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * List settings as a {@code .cfg} file gives them: DS hands a plain {@code key = a, b} line over as one string, so
 * every entry is split at commas as well; blanks are dropped.
 */
final class ConfigLists {
    private ConfigLists() {
    }

    static List<String> split(String[] configured) {
        List<String> out = new ArrayList<>();
        if (configured == null) {
            return out;
        }
        for (String entry : configured) {
            if (entry == null) {
                continue;
            }
            for (String item : entry.split(",")) {
                if (!item.isBlank()) {
                    out.add(item.trim());
                }
            }
        }
        return out;
    }
}
