package dev.bindery.cache;

import dev.bindery.cache.internal.CacheHeader;
import dev.bindery.cache.internal.StringTable;
import dev.bindery.tensor.DType;
import dev.bindery.tensor.Float16;
import dev.bindery.tensor.io.FormatException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * A Bindery cache file opened for reading: the vectors stay in the file, mapped into memory in page-aligned
 * segments of whole rows (at most 1 GiB each), and are searched in place; ids and sources are decoded on demand.
 * Opening reads and checks the header (magic, version, header checksum, recorded length against the file size,
 * section layout) and the ids/sources sections (offsets and checksum), so it costs milliseconds whatever the size;
 * the matrix checksum is checked by {@link #verify()} or {@code open(file, true)}. Opened with {@link Residency#HEAP}
 * the matrix is also copied into heap arrays, one per segment, which scans read in place.
 *
 * <p>The file format is described in {@code CacheHeader} and the bundle README. Files are written only by
 * {@link CacheWriter} (atomically), so a reader never sees a partial file. Thread-safe.
 */
public final class CacheFile implements Closeable {
    static final long MAX_SEGMENT_BYTES = 1L << 30;

    private final Path path;
    private final FileChannel channel;
    private final CacheHeader header;
    private final ByteBuffer[] segments;
    /** Float views of the segments (F32 files only), for absolute bulk reads that share no position. */
    private final FloatBuffer[] floatViews;
    private final int rowsPerSegment;
    private final StringTable ids;
    private final StringTable sources;
    /** The segments' vectors in the heap ({@link Residency#HEAP}): halves of F16 files, floats of F32 files. */
    private final byte[][] heapHalves;
    private final float[][] heapFloats;

    private CacheFile(Path path, FileChannel channel, CacheHeader header, ByteBuffer[] segments, int rowsPerSegment,
                      StringTable ids, StringTable sources) {
        this(path, channel, header, segments, rowsPerSegment, ids, sources, null, null);
    }

    private CacheFile(Path path, FileChannel channel, CacheHeader header, ByteBuffer[] segments, int rowsPerSegment,
                      StringTable ids, StringTable sources, byte[][] heapHalves, float[][] heapFloats) {
        this.heapHalves = heapHalves;
        this.heapFloats = heapFloats;
        this.path = path;
        this.channel = channel;
        this.header = header;
        this.segments = segments;
        this.floatViews = new FloatBuffer[header.dtype() == DType.F32 ? segments.length : 0];
        for (int s = 0; s < floatViews.length; s++) {
            floatViews[s] = segments[s].duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        }
        this.rowsPerSegment = rowsPerSegment;
        this.ids = ids;
        this.sources = sources;
    }

    /** Opens a cache file without checking the matrix checksum (see the class description). */
    public static CacheFile open(Path file) throws IOException {
        return open(file, false);
    }

    /**
     * Opens a cache file.
     *
     * @param verifyMatrix also check the matrix against its CRC32C (reads every byte once)
     * @throws FormatException naming the file for a bad magic, an unsupported version, a checksum mismatch, a
     *                         truncated file or an inconsistent layout
     */
    public static CacheFile open(Path file, boolean verifyMatrix) throws IOException {
        return open(file, verifyMatrix, MAX_SEGMENT_BYTES);
    }

    /**
     * Opens a cache file whose vectors are read from where {@code residency} says.
     *
     * @throws FormatException as {@link #open(Path, boolean)}
     * @throws IOException     naming the file and the sizes when {@link Residency#HEAP} needs more heap than is free
     */
    public static CacheFile open(Path file, boolean verifyMatrix, Residency residency) throws IOException {
        return open(file, verifyMatrix, residency, MAX_SEGMENT_BYTES);
    }

    /** As {@link #open(Path, boolean)} with a smaller segment size, so tests can cross segment edges. */
    static CacheFile open(Path file, boolean verifyMatrix, long maxSegmentBytes) throws IOException {
        return open(file, verifyMatrix, Residency.MAPPED, maxSegmentBytes);
    }

    static CacheFile open(Path file, boolean verifyMatrix, Residency residency, long maxSegmentBytes)
            throws IOException {
        Objects.requireNonNull(residency, "residency");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            CacheFile c = read(file, ch, maxSegmentBytes);
            if (verifyMatrix) {
                c.verify();
            }
            return residency == Residency.HEAP ? c.copiedIntoHeap() : c;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static CacheFile read(Path file, FileChannel ch, long maxSegmentBytes) throws IOException {
        String name = file.toString();
        long size = ch.size();
        ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, CacheHeader.PAGE + 8L));
        while (head.hasRemaining() && ch.read(head, head.position()) > 0) {
            // read until the buffer is full or the file ends
        }
        head.flip();
        CacheHeader h = CacheHeader.decode(name, head, size);
        int rowBytes = h.dimension() * CacheHeader.elementBytes(h.dtype());
        int rowsPerSegment = (int) Math.max(1, Math.min(Integer.MAX_VALUE, maxSegmentBytes / rowBytes));
        int segmentCount = (int) ((h.count() + rowsPerSegment - 1) / rowsPerSegment);
        ByteBuffer[] segments = new ByteBuffer[segmentCount];
        for (int s = 0; s < segmentCount; s++) {
            long first = (long) s * rowsPerSegment;
            long rows = Math.min(rowsPerSegment, h.count() - first);
            segments[s] = ch.map(FileChannel.MapMode.READ_ONLY, h.matrixOffset() + first * rowBytes, rows * rowBytes)
                    .order(ByteOrder.LITTLE_ENDIAN);
        }
        long idsEnd = h.hasSources() ? h.sourcesOffset() : h.fileLength();
        ByteBuffer idSection = mapSection(ch, name, "ids", h.idsOffset(), idsEnd);
        ByteBuffer sourceSection = h.hasSources() ? mapSection(ch, name, "sources", h.sourcesOffset(), h.fileLength()) : null;
        CRC32C crc = new CRC32C();
        crc.update(idSection.duplicate());
        if (sourceSection != null) {
            crc.update(new byte[(int) (h.sourcesOffset() - idsEnd)]);
            crc.update(sourceSection.duplicate());
        }
        if ((int) crc.getValue() != h.metadataCrc()) {
            throw new FormatException(name, "checksum mismatch in the ids/sources sections: the file is corrupt");
        }
        StringTable ids = StringTable.of(name, "ids", idSection, h.count());
        StringTable sources = sourceSection == null ? null : StringTable.of(name, "sources", sourceSection, h.count());
        return new CacheFile(file, ch, h, segments, rowsPerSegment, ids, sources);
    }

    private static ByteBuffer mapSection(FileChannel ch, String name, String what, long from, long to) throws IOException {
        if (to - from > Integer.MAX_VALUE) {
            throw new FormatException(name, "the " + what + " section of " + (to - from) + " bytes exceeds 2 GiB");
        }
        return ch.map(FileChannel.MapMode.READ_ONLY, from, to - from).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Checks the matrix bytes against the header's CRC32C.
     *
     * @throws FormatException naming the file when they differ
     */
    public void verify() throws FormatException {
        CRC32C crc = new CRC32C();
        for (ByteBuffer s : segments) {
            crc.update(s.duplicate().clear());
        }
        if ((int) crc.getValue() != header.matrixCrc()) {
            throw new FormatException(path.toString(), "checksum mismatch in the vector matrix: the file is corrupt");
        }
    }

    /**
     * This file with every segment copied into a heap array, after checking that the heap has room: a cache that does
     * not fit is refused here rather than running the container out of memory later.
     */
    private CacheFile copiedIntoHeap() throws IOException {
        long bytes = size() * dimension() * CacheHeader.elementBytes(dtype());
        Runtime rt = Runtime.getRuntime();
        checkHeapRoom(path, bytes, rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()), rt.maxMemory());
        byte[][] halves = null;
        float[][] floats = null;
        try {
            if (dtype() == DType.F32) {
                floats = new float[segments.length][];
                for (int s = 0; s < segments.length; s++) {
                    floats[s] = new float[floatViews[s].capacity()];
                    floatViews[s].get(0, floats[s]);
                }
            } else {
                halves = new byte[segments.length][];
                for (int s = 0; s < segments.length; s++) {
                    halves[s] = new byte[segments[s].capacity()];
                    segments[s].get(0, halves[s]);
                }
            }
        } catch (OutOfMemoryError e) {
            // the check above counts garbage as used, and other threads allocate meanwhile; the partial copy is garbage
            throw heapTooSmall(path, bytes, rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()), rt.maxMemory());
        }
        return new CacheFile(path, channel, header, segments, rowsPerSegment, ids, sources, halves, floats);
    }

    /** Refuses {@code needed} bytes of vectors for the heap when only {@code free} of {@code max} are free. */
    static void checkHeapRoom(Path path, long needed, long free, long max) throws IOException {
        if (needed > free) {
            throw heapTooSmall(path, needed, free, max);
        }
    }

    private static IOException heapTooSmall(Path path, long needed, long free, long max) {
        return new IOException(path + ": residency = heap needs " + gib(needed) + " of heap for the vectors, "
                + gib(Math.max(0, free)) + " of the " + gib(max) + " heap is free; raise the heap (BINDERY_HEAP in"
                + " bin/setenv) or use residency = mapped");
    }

    private static String gib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
    }

    /** Where searches read the vectors from. */
    public Residency residency() {
        return heapHalves != null || heapFloats != null ? Residency.HEAP : Residency.MAPPED;
    }

    /** Segment {@code s}'s halves in the heap (F16 files opened with {@link Residency#HEAP}), else null. */
    byte[] heapHalves(int s) {
        return heapHalves == null ? null : heapHalves[s];
    }

    /** Segment {@code s}'s floats in the heap (F32 files opened with {@link Residency#HEAP}), else null. */
    float[] heapFloats(int s) {
        return heapFloats == null ? null : heapFloats[s];
    }

    public Path path() {
        return path;
    }

    /** The id of the embedding model whose vectors the file holds. */
    public String modelId() {
        return header.modelId();
    }

    public int dimension() {
        return header.dimension();
    }

    /** Number of entries. */
    public long size() {
        return header.count();
    }

    /** The storage type of the vectors: F32 or F16. */
    public DType dtype() {
        return header.dtype();
    }

    /** Whether sources (paths or captions) were recorded. */
    public boolean hasSources() {
        return sources != null;
    }

    /** The id of entry {@code i}. */
    public String id(long i) {
        return ids.get(i);
    }

    /** The source recorded for entry {@code i}, if any. */
    public Optional<String> source(long i) {
        if (sources == null) {
            Objects.checkIndex(i, size());
            return Optional.empty();
        }
        String s = sources.get(i);
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    /** Entry {@code i}'s vector as float32 (F16 upcast exactly). */
    public float[] vector(long i) {
        float[] v = new float[dimension()];
        vector(i, v, 0);
        return v;
    }

    /** Writes entry {@code i}'s vector into {@code dst[offset .. offset + dimension)}. */
    public void vector(long i, float[] dst, int offset) {
        Objects.checkIndex(i, size());
        int dim = dimension();
        Objects.checkFromIndexSize(offset, dim, dst.length);
        ByteBuffer seg = segments[(int) (i / rowsPerSegment)];
        int base = (int) (i % rowsPerSegment) * dim * CacheHeader.elementBytes(dtype());
        if (dtype() == DType.F32) {
            for (int c = 0; c < dim; c++) {
                dst[offset + c] = seg.getFloat(base + 4 * c);
            }
        } else {
            for (int c = 0; c < dim; c++) {
                dst[offset + c] = Float16.toFloat(seg.getShort(base + 2 * c));
            }
        }
    }

    /** A reader of single rows for one thread (see {@link RowReader}). */
    public RowReader rowReader() {
        return new RowReader(this);
    }

    /** The shared float view of segment {@code s} of an F32 file; only absolute reads may be used on it. */
    FloatBuffer floatView(int s) {
        return floatViews[s];
    }

    /** The shared mapping of segment {@code s}; only absolute reads may be used on it. */
    ByteBuffer rawSegment(int s) {
        return segments[s];
    }

    /** Number of mapped segments (each holds whole rows). */
    int segmentCount() {
        return segments.length;
    }

    /** A private view of segment {@code s}. */
    ByteBuffer segment(int s) {
        return segments[s].duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Rows per segment (the last may hold fewer). */
    int rowsPerSegment() {
        return rowsPerSegment;
    }

    /** The file's header record, for copying it into a new file. */
    CacheHeader header() {
        return header;
    }

    /** Closes the file channel; the mapping is released by the garbage collector, so searches in flight finish. */
    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return "cache file " + path + " (" + size() + " x " + dimension() + " " + dtype() + ", " + modelId()
                + (residency() == Residency.HEAP ? ", in the heap" : "") + ")";
    }
}
