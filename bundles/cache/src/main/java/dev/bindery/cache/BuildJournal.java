package dev.bindery.cache;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The record of a cache build in progress, next to its target ({@code <target>.journal}): a header with the model
 * id and dimension, then one record per encoded image (source, vector, CRC32C). Records are appended as images are
 * encoded and forced to disk in groups, so a build that is killed loses at most the last group; a torn record at the
 * end (a crash in the middle of a write) fails its checksum or length and is cut off when the journal is reopened.
 * Not thread-safe: {@link CacheBuilder} serialises the appends.
 */
final class BuildJournal implements Closeable {
    private static final int MAGIC = 0x4C4E4A42; // "BJNL" little-endian
    private static final int VERSION = 1;
    /** Records between two forces to disk. */
    private static final int FORCE_EVERY = 32;

    private final Path file;
    private final int dimension;
    private final FileChannel channel;
    private int unforced;

    private BuildJournal(Path file, int dimension, FileChannel channel) {
        this.file = file;
        this.dimension = dimension;
        this.channel = channel;
    }

    /** The journal file of a build of {@code target}. */
    static Path of(Path target) {
        return target.resolveSibling(target.getFileName() + ".journal");
    }

    /**
     * Opens the journal of a build, replaying the complete records of an earlier run into {@code replay} and
     * cutting off a torn tail, or starts a new one.
     *
     * @throws IOException if an existing journal belongs to another model or dimension (naming both), or I/O fails
     */
    static BuildJournal open(Path file, String modelId, int dimension, Consumer<CacheEntry> replay)
            throws IOException {
        long good = 0;
        if (Files.isRegularFile(file) && Files.size(file) > 0) {
            good = replay(file, modelId, dimension, replay);
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        try {
            if (good == 0) {
                channel.truncate(0);
                byte[] id = modelId.getBytes(StandardCharsets.UTF_8);
                ByteBuffer header = ByteBuffer.allocate(16 + id.length).order(ByteOrder.LITTLE_ENDIAN);
                header.putInt(MAGIC).putInt(VERSION).putInt(dimension).putInt(id.length).put(id).flip();
                writeFully(channel, header, 0);
                channel.force(true);
                good = header.limit();
            } else {
                channel.truncate(good);
            }
            channel.position(good);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new BuildJournal(file, dimension, channel);
    }

    /** Replays the complete records; returns the offset after the last good one. */
    private static long replay(Path file, String modelId, int dimension, Consumer<CacheEntry> replay)
            throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            if (Integer.reverseBytes(in.readInt()) != MAGIC || Integer.reverseBytes(in.readInt()) != VERSION) {
                throw new IOException(file + " is not a cache build journal (remove it to start the build afresh)");
            }
            int dim = Integer.reverseBytes(in.readInt());
            byte[] id = new byte[Integer.reverseBytes(in.readInt())];
            in.readFully(id);
            String journalModel = new String(id, StandardCharsets.UTF_8);
            if (dim != dimension || !journalModel.equals(modelId)) {
                throw new IOException(file + " holds " + dim + "-d vectors of " + journalModel + ", but this build"
                        + " encodes " + dimension + "-d vectors with " + modelId
                        + ": remove the journal to start afresh, or build with the same encoder");
            }
            long offset = 16L + id.length;
            byte[] vectorBytes = new byte[dimension * 4];
            while (true) {
                try {
                    int sourceLength = Integer.reverseBytes(in.readInt());
                    if (sourceLength < 0 || sourceLength > 1 << 16) {
                        return offset;
                    }
                    byte[] source = new byte[sourceLength];
                    in.readFully(source);
                    in.readFully(vectorBytes);
                    int crc = Integer.reverseBytes(in.readInt());
                    CRC32C check = new CRC32C();
                    check.update(source);
                    check.update(vectorBytes);
                    if ((int) check.getValue() != crc) {
                        return offset;
                    }
                    float[] vector = new float[dimension];
                    ByteBuffer.wrap(vectorBytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
                    String path = new String(source, StandardCharsets.UTF_8);
                    replay.accept(new CacheEntry(path, vector, path));
                    offset += 4L + sourceLength + vectorBytes.length + 4;
                } catch (EOFException torn) {
                    return offset;
                }
            }
        }
    }

    /** Appends one encoded image. */
    void append(String source, float[] vector) throws IOException {
        if (vector.length != dimension) {
            throw new IllegalArgumentException(source + ": the encoder gave " + vector.length + " values, the build "
                    + dimension);
        }
        byte[] path = source.getBytes(StandardCharsets.UTF_8);
        ByteBuffer record = ByteBuffer.allocate(4 + path.length + 4 * dimension + 4).order(ByteOrder.LITTLE_ENDIAN);
        record.putInt(path.length).put(path);
        for (float v : vector) {
            record.putFloat(v);
        }
        CRC32C crc = new CRC32C();
        crc.update(record.array(), 4, path.length + 4 * dimension);
        record.putInt((int) crc.getValue()).flip();
        writeFully(channel, record, channel.position());
        if (++unforced >= FORCE_EVERY) {
            channel.force(false);
            unforced = 0;
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer, long at) throws IOException {
        long position = at;
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
        channel.position(position);
    }

    Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            channel.force(false);
        } finally {
            channel.close();
        }
    }
}
