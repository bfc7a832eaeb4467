package dev.bindery.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;

/** Memory figures of this process from {@code /proc/self/status} (Linux). */
final class ProcessMemory {
    private ProcessMemory() {
    }

    /** The {@code key} line ({@code VmRSS}, {@code VmHWM}, ...) in bytes, or -1 where the file or line is missing. */
    static long bytes(String key) {
        try {
            return parse(Files.readString(Paths.get("/proc/self/status")), key);
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    /** The {@code key:  N kB} line of a status text in bytes, or -1. */
    static long parse(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key + ":")) {
                String[] parts = line.substring(key.length() + 1).trim().split("\\s+");
                long value = Long.parseLong(parts[0]);
                return parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? value * 1024 : value;
            }
        }
        return -1;
    }
}
