package dev.bindery.cache;

import dev.bindery.cache.internal.CacheHeader;
import dev.bindery.tensor.DType;
import dev.bindery.tensor.Float16;
import dev.bindery.tensor.io.FormatException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * Writes a cache file atomically: entries stream into a temporary file next to the target, and {@link #commit()}
 * writes the ids, sources and header, forces everything to disk, and renames the temporary file over the target in
 * one atomic step. Until then the target is untouched, so a crash or an exception never leaves a partial cache;
 * {@link #close()} without a commit deletes the temporary file. Not thread-safe.
 *
 * <pre>{@code
 * try (CacheWriter w = CacheWriter.create(target, "imagebind_huge", 1024, DType.F16)) {
 *     w.add("img-0001", vector, "/photos/0001.jpg");
 *     w.commit();
 * }
 * }</pre>
 */
public final class CacheWriter implements Closeable {
    private static final int BUFFER_BYTES = 1 << 20;

    private final Path target;
    private final Path temp;
    private final String modelId;
    private final int dimension;
    private final DType dtype;
    private final FileChannel channel;
    private final ByteBuffer buffer;
    private final CRC32C matrixCrc = new CRC32C();
    private final List<String> ids = new ArrayList<>();
    private final List<String> sources = new ArrayList<>();
    private boolean anySource;
    private boolean done;

    private CacheWriter(Path target, Path temp, String modelId, int dimension, DType dtype, FileChannel channel) {
        this.target = target;
        this.temp = temp;
        this.modelId = modelId;
        this.dimension = dimension;
        this.dtype = dtype;
        this.channel = channel;
        int rowBytes = dimension * CacheHeader.elementBytes(dtype);
        this.buffer = ByteBuffer.allocate(Math.max(rowBytes, BUFFER_BYTES / rowBytes * rowBytes))
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Starts a cache file that will replace {@code target} on {@link #commit()}.
     *
     * @param modelId   the id of the embedding model the vectors come from (recorded in the header)
     * @param dimension the vector dimension
     * @param dtype     {@link DType#F32} or {@link DType#F16}
     * @throws IllegalArgumentException for a dimension below 1, another dtype or a model id over 1024 UTF-8 bytes
     */
    public static CacheWriter create(Path target, String modelId, int dimension, DType dtype) throws IOException {
        Objects.requireNonNull(modelId, "modelId");
        if (dimension < 1) {
            throw new IllegalArgumentException("a cache needs a dimension of at least 1, not " + dimension);
        }
        CacheHeader.elementBytes(dtype);
        if (modelId.getBytes(StandardCharsets.UTF_8).length > CacheHeader.MAX_MODEL_ID_BYTES) {
            throw new IllegalArgumentException("model id longer than " + CacheHeader.MAX_MODEL_ID_BYTES + " bytes");
        }
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        try {
            ch.position(CacheHeader.PAGE);
            return new CacheWriter(abs, temp, modelId, dimension, dtype, ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /** The file the commit will replace. */
    public Path target() {
        return target;
    }

    /** Entries added so far. */
    public long count() {
        return ids.size();
    }

    /** Adds an entry (see {@link #add(String, float[], String)}). */
    public void add(CacheEntry entry) throws IOException {
        add(entry.id(), entry.vectorNoCopy(), entry.source().orElse(null));
    }

    /**
     * Appends one entry.
     *
     * @param source the image path or caption the vector was computed from, or null
     * @throws IllegalArgumentException naming the id if the vector has the wrong length, a non-finite value, or a
     *                                  value too large for F16
     */
    public void add(String id, float[] vector, String source) throws IOException {
        checkOpen();
        Objects.requireNonNull(id, "id");
        if (vector.length != dimension) {
            throw new IllegalArgumentException("entry '" + id + "' has " + vector.length + " values; the cache is "
                    + dimension + "-d");
        }
        if (buffer.remaining() < dimension * CacheHeader.elementBytes(dtype)) {
            flush();
        }
        for (int i = 0; i < dimension; i++) {
            float v = vector[i];
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("entry '" + id + "' holds " + v + " at index " + i);
            }
            if (dtype == DType.F32) {
                buffer.putFloat(v);
            } else {
                short h = Float16.fromFloat(v);
                if ((h & 0x7c00) == 0x7c00) {
                    throw new IllegalArgumentException("entry '" + id + "' holds " + v + " at index " + i
                            + ", beyond the F16 range");
                }
                buffer.putShort(h);
            }
        }
        ids.add(id);
        sources.add(source == null ? "" : source);
        anySource |= source != null && !source.isEmpty();
    }

    /**
     * Copies every entry of {@code file} (same dimension and dtype), checking its matrix checksum on the way so that
     * corruption is not carried over.
     */
    void addAll(CacheFile file) throws IOException {
        checkOpen();
        if (file.dimension() != dimension || file.dtype() != dtype) {
            throw new IllegalArgumentException(file + " does not fit a " + dimension + "-d " + dtype + " cache");
        }
        CRC32C check = new CRC32C();
        flush();
        for (int s = 0; s < file.segmentCount(); s++) {
            ByteBuffer seg = file.segment(s).clear();
            check.update(seg.duplicate());
            matrixCrc.update(seg.duplicate());
            while (seg.hasRemaining()) {
                channel.write(seg);
            }
        }
        if ((int) check.getValue() != file.header().matrixCrc()) {
            throw new FormatException(file.path().toString(), "checksum mismatch in the vector matrix: the file is corrupt");
        }
        for (long i = 0; i < file.size(); i++) {
            String src = file.source(i).orElse("");
            ids.add(file.id(i));
            sources.add(src);
            anySource |= !src.isEmpty();
        }
    }

    /**
     * Finishes the file and atomically replaces the target with it.
     *
     * @throws IOException if writing, forcing or renaming fails (the target is then unchanged)
     */
    public void commit() throws IOException {
        checkOpen();
        try {
            flush();
            long count = ids.size();
            long matrixEnd = channel.position();
            long idsOffset = CacheHeader.align8(matrixEnd);
            CRC32C metaCrc = new CRC32C();
            long idsEnd = writeTable(idsOffset, ids, metaCrc);
            long sourcesOffset = 0;
            long end = idsEnd;
            if (anySource) {
                sourcesOffset = CacheHeader.align8(idsEnd);
                metaCrc.update(new byte[(int) (sourcesOffset - idsEnd)]);
                end = writeTable(sourcesOffset, sources, metaCrc);
            }
            CacheHeader header = new CacheHeader(dtype, dimension, anySource, count, CacheHeader.PAGE, idsOffset,
                    sourcesOffset, end, (int) matrixCrc.getValue(), (int) metaCrc.getValue(), modelId);
            if (idsOffset > matrixEnd) {
                writeAt(matrixEnd, ByteBuffer.allocate((int) (idsOffset - matrixEnd)));
            }
            writeAt(0, ByteBuffer.wrap(header.encode()));
            channel.force(true);
            channel.close();
            move();
            done = true;
        } finally {
            if (!done) {
                abandon();
            }
        }
    }

    private void move() throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot replace " + target + " atomically on this file system", e);
        }
        // Make the rename itself durable; not every platform can open a directory, which only weakens durability.
        try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort
        }
    }

    /** Writes a string table at {@code offset} and returns its end. */
    private long writeTable(long offset, List<String> strings, CRC32C crc) throws IOException {
        int n = strings.size();
        ByteBuffer offsets = ByteBuffer.allocate((n + 1) * 8).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> encoded = new ArrayList<>(n);
        long pos = 0;
        offsets.putLong(0);
        for (String s : strings) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            encoded.add(b);
            pos += b.length;
            offsets.putLong(pos);
        }
        offsets.flip();
        crc.update(offsets.duplicate());
        long at = writeAt(offset, offsets);
        ByteBuffer blob = ByteBuffer.allocate((int) Math.min(BUFFER_BYTES, Math.max(pos, 1)));
        for (byte[] b : encoded) {
            if (blob.remaining() < b.length) {
                blob.flip();
                crc.update(blob.duplicate());
                at = writeAt(at, blob);
                blob = b.length > blob.capacity() ? ByteBuffer.allocate(b.length) : blob.clear();
            }
            blob.put(b);
        }
        blob.flip();
        crc.update(blob.duplicate());
        return writeAt(at, blob);
    }

    private long writeAt(long position, ByteBuffer b) throws IOException {
        long p = position;
        while (b.hasRemaining()) {
            p += channel.write(b, p);
        }
        return p;
    }

    private void flush() throws IOException {
        buffer.flip();
        matrixCrc.update(buffer.duplicate());
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    private void checkOpen() {
        if (done) {
            throw new IllegalStateException("the cache writer for " + target + " is already committed or closed");
        }
    }

    private void abandon() throws IOException {
        done = true;
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Abandons the file unless it was committed: the temporary file is deleted and the target left as it was. */
    @Override
    public void close() throws IOException {
        if (!done) {
            abandon();
        }
    }
}
