package dev.bindery.tensor;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Where a tensor's bytes lie in a file, with an open channel to read them: the readers attach one to the tensors
 * they map, so that copying a tensor into the heap (loading a model) reads the file with positional reads instead
 * of touching the mapping. A mapped page that is read once stays resident until the mapping is collected, so
 * copying a whole model out of its mapping holds the model twice; file reads go through the page cache, which the
 * kernel can drop, and not into the process.
 *
 * <p>Reads go in chunks of at most {@value #CHUNK} bytes: the JDK copies a heap read through a temporary direct
 * buffer as large as the request and keeps it per thread, so an unbounded read of a 500 MB tensor would leave a
 * 500 MB buffer behind.
 *
 * <p>The channel is the region's own (the reader's {@code close()} does not close it), shared by all regions of one
 * file and closed by the JDK when the last of them is unreachable. If it was closed anyway (a thread interrupted
 * during a read closes a channel for every user), {@link #read} answers false and callers use the mapping.
 */
public final class FileRegion {
    /** Largest single read. */
    public static final int CHUNK = 1 << 20;

    private final FileChannel channel;
    private final String file;
    private final long position;
    private final long length;

    private FileRegion(FileChannel channel, String file, long position, long length) {
        this.channel = channel;
        this.file = file;
        this.position = position;
        this.length = length;
    }

    /** A read-only channel for the regions of {@code file} (never closed by the reader that maps it). */
    public static FileChannel openChannel(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.READ);
    }

    /**
     * The {@code length} bytes at {@code position} of the file open in {@code channel}.
     *
     * @param file the file's name, for error messages
     * @throws IllegalArgumentException if the position or length is negative
     */
    public static FileRegion of(FileChannel channel, String file, long position, long length) {
        Objects.requireNonNull(channel, "channel");
        if (position < 0 || length < 0) {
            throw new IllegalArgumentException(file + ": region " + position + " + " + length + " is negative");
        }
        return new FileRegion(channel, Objects.requireNonNull(file, "file"), position, length);
    }

    /** The region's size in bytes. */
    public long length() {
        return length;
    }

    /** The same file from {@code from} (relative to this region) for {@code newLength} bytes. */
    FileRegion slice(long from, long newLength) {
        Objects.checkFromIndexSize(from, newLength, length);
        return new FileRegion(channel, file, position + from, newLength);
    }

    /**
     * Reads bytes {@code [from, from + count)} of the region into {@code dst[dstOffset ..]}.
     *
     * @return false, with nothing promised about {@code dst}, when the channel is closed: read the mapping instead
     * @throws UncheckedIOException naming the file if the read fails or the file is shorter than the region
     */
    boolean read(long from, byte[] dst, int dstOffset, int count) {
        Objects.checkFromIndexSize(from, count, length);
        Objects.checkFromIndexSize(dstOffset, count, dst.length);
        if (!channel.isOpen()) {
            return false;
        }
        int done = 0;
        try {
            while (done < count) {
                ByteBuffer window = ByteBuffer.wrap(dst, dstOffset + done, Math.min(CHUNK, count - done));
                int n = channel.read(window, position + from + done);
                if (n < 0) {
                    throw new EOFException(file + ": ends before byte " + (position + from + count)
                            + " (the file shrank after it was opened)");
                }
                done += n;
            }
            return true;
        } catch (ClosedChannelException e) {
            return false; // closed meanwhile (also after an interrupt): the caller reads the mapping
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": reading bytes " + (position + from) + ".."
                    + (position + from + count) + " failed: " + e.getMessage(), e);
        }
    }
}
