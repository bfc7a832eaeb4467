package dev.bindery.cache.internal;

import dev.bindery.tensor.io.FormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A read-only table of {@code count} UTF-8 strings mapped from a cache file: {@code count + 1} u64 offsets, then the
 * blob they index. Strings are decoded on demand, so opening costs one pass over the offsets only.
 */
public final class StringTable {
    private final ByteBuffer section;
    private final long count;
    private final int blobStart;

    private StringTable(ByteBuffer section, long count, int blobStart) {
        this.section = section;
        this.count = count;
        this.blobStart = blobStart;
    }

    /**
     * Wraps a mapped section and checks that its offsets are increasing and end at the blob's end.
     *
     * @param what "ids" or "sources", for messages
     */
    public static StringTable of(String file, String what, ByteBuffer section, long count) throws FormatException {
        ByteBuffer s = section.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long table = (count + 1) * 8;
        if (table > s.capacity()) {
            throw new FormatException(file, "truncated " + what + " section: " + s.capacity() + " bytes cannot hold "
                    + (count + 1) + " offsets");
        }
        int blobStart = (int) table;
        long blobLength = s.capacity() - table;
        long previous = 0;
        for (long i = 0; i <= count; i++) {
            long o = s.getLong((int) (i * 8));
            if (o < previous || o > blobLength || (i == 0 && o != 0)) {
                throw new FormatException(file, "corrupt " + what + " section: offset " + i + " is " + o);
            }
            previous = o;
        }
        return new StringTable(s, count, blobStart);
    }

    /** The string of entry {@code i} ({@code ""} when none was recorded). */
    public String get(long i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("entry " + i + " of " + count);
        }
        int from = (int) section.getLong((int) (i * 8));
        int to = (int) section.getLong((int) ((i + 1) * 8));
        byte[] bytes = new byte[to - from];
        section.get(blobStart + from, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
