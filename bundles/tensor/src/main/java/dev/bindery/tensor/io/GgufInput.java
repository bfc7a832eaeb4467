package dev.bindery.tensor.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/** Buffered little-endian reading of a GGUF header from a channel, with truncation reported as FormatException. */
final class GgufInput {
    private final FileChannel channel;
    private final String source;
    private final long size;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long bufStart;
    private String context = "header";

    GgufInput(FileChannel channel, String source) throws IOException {
        this.channel = channel;
        this.source = source;
        this.size = channel.size();
        buf.limit(0);
    }

    /** What is being read, for error messages (e.g. "metadata key 'general.name'"). */
    void context(String what) {
        context = what;
    }

    long position() {
        return bufStart + buf.position();
    }

    long fileSize() {
        return size;
    }

    private void need(int n) throws IOException {
        if (buf.remaining() >= n) {
            return;
        }
        long pos = position();
        if (pos + n > size) {
            throw new FormatException(source, null, "truncated: file ends at " + size + " while reading " + context);
        }
        buf.compact(); // the unread bytes move to index 0, which is now file offset pos
        bufStart = pos;
        while (buf.position() < n) {
            if (channel.read(buf, bufStart + buf.position()) < 0) {
                throw new FormatException(source, null, "truncated: file ends while reading " + context);
            }
        }
        buf.flip();
    }

    int u8() throws IOException {
        need(1);
        return buf.get() & 0xff;
    }

    int u16() throws IOException {
        need(2);
        return buf.getShort() & 0xffff;
    }

    int i32() throws IOException {
        need(4);
        return buf.getInt();
    }

    long u32() throws IOException {
        return i32() & 0xffffffffL;
    }

    long i64() throws IOException {
        need(8);
        return buf.getLong();
    }

    String string() throws IOException {
        long len = i64();
        if (len < 0 || len > size - position()) {
            throw new FormatException(source, null, "corrupt or truncated: string of " + len + " bytes while reading " + context);
        }
        byte[] b = new byte[(int) len];
        int done = 0;
        while (done < b.length) {
            int n = Math.min(b.length - done, buf.capacity());
            need(n);
            buf.get(b, done, n);
            done += n;
        }
        return new String(b, StandardCharsets.UTF_8);
    }
}
