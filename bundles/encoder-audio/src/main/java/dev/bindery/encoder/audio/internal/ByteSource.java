package dev.bindery.encoder.audio.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Random access to the bytes of an audio input, a file or an in-memory array. Reads are positional, so a decoder can
 * fetch the few byte ranges it needs from a long file without loading the rest.
 */
abstract class ByteSource implements Closeable {
    private final String name;
    private long bytesRead;

    private ByteSource(String name) {
        this.name = name;
    }

    /** Opens a file for positional reads. */
    static ByteSource of(Path file) throws IOException {
        return new FileSource(file);
    }

    /** Wraps an array (not copied). */
    static ByteSource of(byte[] bytes, String name) {
        return new ArraySource(bytes, name);
    }

    /** Names the input in error messages. */
    final String name() {
        return name;
    }

    /** Total bytes handed out so far (the streaming tests check that long inputs are only partly read). */
    final long bytesRead() {
        return bytesRead;
    }

    /** The number of bytes in the input. */
    abstract long size() throws IOException;

    /**
     * Reads up to {@code len} bytes starting at {@code position}; fewer only at the end of the input.
     *
     * @return the number of bytes read
     */
    final int read(long position, byte[] dst, int off, int len) throws IOException {
        int n = readAt(position, dst, off, len);
        bytesRead += n;
        return n;
    }

    abstract int readAt(long position, byte[] dst, int off, int len) throws IOException;

    @Override
    public void close() throws IOException {
    }

    private static final class FileSource extends ByteSource {
        private final FileChannel channel;

        FileSource(Path file) throws IOException {
            super(file.toString());
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
        }

        @Override
        long size() throws IOException {
            return channel.size();
        }

        @Override
        int readAt(long position, byte[] dst, int off, int len) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(dst, off, len);
            long pos = position;
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, pos);
                if (n < 0) {
                    break;
                }
                pos += n;
            }
            return (int) (pos - position);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private static final class ArraySource extends ByteSource {
        private final byte[] bytes;

        ArraySource(byte[] bytes, String name) {
            super(name);
            this.bytes = bytes;
        }

        @Override
        long size() {
            return bytes.length;
        }

        @Override
        int readAt(long position, byte[] dst, int off, int len) {
            if (position >= bytes.length) {
                return 0;
            }
            int n = (int) Math.min(len, bytes.length - position);
            System.arraycopy(bytes, (int) position, dst, off, n);
            return n;
        }
    }
}
