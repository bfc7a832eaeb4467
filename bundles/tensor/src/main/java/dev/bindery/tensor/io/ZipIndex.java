package dev.bindery.tensor.io;

import dev.bindery.tensor.FileRegion;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The central directory of a zip archive (incl. zip64), read straight from a {@link FileChannel} so that
 * STORED entries can be memory-mapped where they lie, as {@code torch.save} archives are laid out for.
 * DEFLATED entries are inflated to the heap.
 */
final class ZipIndex implements Closeable {
    private static final int EOCD_SIG = 0x06054b50;
    private static final int ZIP64_LOCATOR_SIG = 0x07064b50;
    private static final int ZIP64_EOCD_SIG = 0x06064b50;
    private static final int CENTRAL_SIG = 0x02014b50;
    private static final int LOCAL_SIG = 0x04034b50;

    /** One archive member. */
    record Entry(String name, int method, long compressedSize, long size, long localHeaderOffset) {
    }

    private final String source;
    private final FileChannel channel;
    private final long fileSize;
    private final Map<String, Entry> entries;
    private final RegionChannel regions;

    private ZipIndex(String source, FileChannel channel, long fileSize, Map<String, Entry> entries,
                     RegionChannel regions) {
        this.source = source;
        this.channel = channel;
        this.fileSize = fileSize;
        this.entries = entries;
        this.regions = regions;
    }

    static ZipIndex open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new ZipIndex(file.toString(), ch, ch.size(), readDirectory(ch, file.toString()), new RegionChannel(file));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    Map<String, Entry> entries() {
        return entries;
    }

    String source() {
        return source;
    }

    private static Map<String, Entry> readDirectory(FileChannel ch, String source) throws IOException {
        long size = ch.size();
        if (size < 22) {
            throw new FormatException(source, "not a zip archive or truncated: " + size + " bytes");
        }
        // The end-of-central-directory record is within the last 22 + 65535 bytes (its comment is at most 64 KiB).
        int tailLen = (int) Math.min(size, 22 + 65535);
        ByteBuffer tail = read(ch, size - tailLen, tailLen);
        int eocd = -1;
        for (int i = tailLen - 22; i >= 0; i--) {
            if (tail.getInt(i) == EOCD_SIG) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            throw new FormatException(source, "not a zip archive or truncated (no end-of-central-directory record)");
        }
        long count = tail.getShort(eocd + 10) & 0xffff;
        long dirSize = tail.getInt(eocd + 12) & 0xffffffffL;
        long dirOffset = tail.getInt(eocd + 16) & 0xffffffffL;
        if (count == 0xffff || dirSize == 0xffffffffL || dirOffset == 0xffffffffL) {
            long locatorAt = size - tailLen + eocd - 20;
            if (locatorAt < 0) {
                throw new FormatException(source, "zip64 archive without a zip64 locator");
            }
            ByteBuffer loc = read(ch, locatorAt, 20);
            if (loc.getInt(0) != ZIP64_LOCATOR_SIG) {
                throw new FormatException(source, "zip64 archive without a zip64 locator");
            }
            long z64At = loc.getLong(8);
            if (z64At < 0 || z64At + 56 > size) {
                throw new FormatException(source, "truncated: zip64 end record at " + z64At + " lies outside the file");
            }
            ByteBuffer z64 = read(ch, z64At, 56);
            if (z64.getInt(0) != ZIP64_EOCD_SIG) {
                throw new FormatException(source, "corrupt zip64 end-of-central-directory record");
            }
            count = z64.getLong(32);
            dirSize = z64.getLong(40);
            dirOffset = z64.getLong(48);
        }
        if (dirOffset < 0 || dirSize < 0 || dirOffset + dirSize > size || dirSize > Integer.MAX_VALUE) {
            throw new FormatException(source, "truncated or corrupt zip: central directory at " + dirOffset + " (+" + dirSize
                    + " bytes) lies outside the file of " + size + " bytes");
        }
        ByteBuffer dir = read(ch, dirOffset, (int) dirSize);
        Map<String, Entry> out = new LinkedHashMap<>();
        int p = 0;
        for (long i = 0; i < count; i++) {
            if (p + 46 > dir.limit() || dir.getInt(p) != CENTRAL_SIG) {
                throw new FormatException(source, "corrupt zip central directory at entry " + i);
            }
            int method = dir.getShort(p + 10) & 0xffff;
            long csize = dir.getInt(p + 20) & 0xffffffffL;
            long usize = dir.getInt(p + 24) & 0xffffffffL;
            int nameLen = dir.getShort(p + 28) & 0xffff;
            int extraLen = dir.getShort(p + 30) & 0xffff;
            int commentLen = dir.getShort(p + 32) & 0xffff;
            long local = dir.getInt(p + 42) & 0xffffffffL;
            if (p + 46 + nameLen + extraLen + commentLen > dir.limit()) {
                throw new FormatException(source, "corrupt zip central directory at entry " + i);
            }
            byte[] nameBytes = new byte[nameLen];
            dir.get(p + 46, nameBytes);
            String name = new String(nameBytes, StandardCharsets.UTF_8);
            // zip64 extra field: the 64-bit values of exactly those fields that read 0xffffffff, in this order.
            int e = p + 46 + nameLen;
            int eEnd = e + extraLen;
            while (e + 4 <= eEnd) {
                int id = dir.getShort(e) & 0xffff;
                int len = dir.getShort(e + 2) & 0xffff;
                if (id == 0x0001) {
                    int q = e + 4;
                    if (usize == 0xffffffffL && q + 8 <= e + 4 + len) {
                        usize = dir.getLong(q);
                        q += 8;
                    }
                    if (csize == 0xffffffffL && q + 8 <= e + 4 + len) {
                        csize = dir.getLong(q);
                        q += 8;
                    }
                    if (local == 0xffffffffL && q + 8 <= e + 4 + len) {
                        local = dir.getLong(q);
                    }
                }
                e += 4 + len;
            }
            out.put(name, new Entry(name, method, csize, usize, local));
            p += 46 + nameLen + extraLen + commentLen;
        }
        return out;
    }

    /**
     * The bytes {@code [offset, offset + length)} of a member's uncompressed content: a mapped slice of the
     * file for STORED members, a heap buffer for DEFLATED ones.
     */
    ByteBuffer slice(Entry entry, long offset, long length, String tensor) throws IOException {
        if (offset < 0 || length < 0 || offset + length > entry.size()) {
            throw new FormatException(source, tensor, "needs bytes " + offset + ".." + (offset + length) + " of entry "
                    + entry.name() + ", which holds only " + entry.size());
        }
        if (length > Integer.MAX_VALUE) {
            throw new FormatException(source, tensor, "a single tensor of " + length + " bytes exceeds the 2 GiB buffer limit");
        }
        if (entry.method() == 0) {
            long start = dataStart(entry, tensor);
            if (entry.compressedSize() != entry.size() || start + entry.size() > fileSize) {
                throw new FormatException(source, tensor, "truncated: entry " + entry.name() + " runs past the end of the file");
            }
            if (length == 0) {
                return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
            }
            return channel.map(FileChannel.MapMode.READ_ONLY, start + offset, length).order(ByteOrder.LITTLE_ENDIAN);
        }
        if (entry.method() == 8) {
            ByteBuffer all = inflate(entry, tensor);
            return all.position((int) offset).limit((int) (offset + length)).slice().order(ByteOrder.LITTLE_ENDIAN);
        }
        throw new FormatException(source, tensor, "entry " + entry.name() + " uses unsupported zip compression method " + entry.method());
    }

    /**
     * Where the bytes of {@link #slice} lie in the file, for a STORED member (null for a DEFLATED one, whose slice
     * is already a heap buffer). Call after {@link #slice}, which validates the range.
     */
    FileRegion region(Entry entry, long offset, long length, String tensor) throws IOException {
        return entry.method() == 0 ? regions.region(dataStart(entry, tensor) + offset, length) : null;
    }

    /** The whole uncompressed content of a (small) member. */
    ByteBuffer readAll(Entry entry) throws IOException {
        return slice(entry, 0, entry.size(), null);
    }

    private long dataStart(Entry entry, String tensor) throws IOException {
        if (entry.localHeaderOffset() + 30 > fileSize) {
            throw new FormatException(source, tensor, "truncated: local header of " + entry.name() + " lies outside the file");
        }
        ByteBuffer h = read(channel, entry.localHeaderOffset(), 30);
        if (h.getInt(0) != LOCAL_SIG) {
            throw new FormatException(source, tensor, "corrupt zip: bad local header for " + entry.name());
        }
        return entry.localHeaderOffset() + 30 + (h.getShort(26) & 0xffff) + (h.getShort(28) & 0xffff);
    }

    private ByteBuffer inflate(Entry entry, String tensor) throws IOException {
        if (entry.size() > Integer.MAX_VALUE || entry.compressedSize() > Integer.MAX_VALUE) {
            throw new FormatException(source, tensor, "compressed entry " + entry.name() + " is too large to inflate");
        }
        long start = dataStart(entry, tensor);
        if (start + entry.compressedSize() > fileSize) {
            throw new FormatException(source, tensor, "truncated: entry " + entry.name() + " runs past the end of the file");
        }
        ByteBuffer packed = read(channel, start, (int) entry.compressedSize());
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(packed);
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) entry.size());
            byte[] buf = new byte[1 << 16];
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    throw new FormatException(source, tensor, "truncated deflate data in " + entry.name());
                }
                out.write(buf, 0, n);
            }
            if (out.size() != entry.size()) {
                throw new FormatException(source, tensor, "entry " + entry.name() + " inflates to " + out.size()
                        + " bytes, the directory says " + entry.size());
            }
            return ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        } catch (DataFormatException e) {
            throw new FormatException(source, tensor, "corrupt deflate data in " + entry.name(), e);
        } finally {
            inf.end();
        }
    }

    private static ByteBuffer read(FileChannel ch, long at, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            int n = ch.read(b, at + b.position());
            if (n < 0) {
                break;
            }
        }
        return b.flip();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
