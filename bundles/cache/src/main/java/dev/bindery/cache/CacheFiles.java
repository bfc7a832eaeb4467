package dev.bindery.cache;

import dev.bindery.cache.internal.NpyMatrixHeader;
import dev.bindery.tensor.DType;
import dev.bindery.tensor.Float16;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** Building cache files from entries, from an {@code .npy} matrix, and appending to an existing file. */
public final class CacheFiles {
    private CacheFiles() {
    }

    /** Writes {@code entries} as a new cache file that atomically replaces {@code target}. */
    public static void create(Path target, String modelId, int dimension, DType dtype, Iterable<CacheEntry> entries)
            throws IOException {
        try (CacheWriter w = CacheWriter.create(target, modelId, dimension, dtype)) {
            for (CacheEntry e : entries) {
                w.add(e);
            }
            w.commit();
        }
    }

    /**
     * Appends entries to an existing cache: the old entries (checksum-verified) and the new ones are written to a
     * new file that atomically replaces the old one, so readers and crashes only ever see the old or the new file.
     * The cost is a copy of the file.
     *
     * @throws IllegalArgumentException if an entry does not fit the file's dimension
     */
    public static void append(Path file, Iterable<CacheEntry> entries) throws IOException {
        try (CacheFile old = CacheFile.open(file);
             CacheWriter w = CacheWriter.create(file, old.modelId(), old.dimension(), old.dtype())) {
            w.addAll(old);
            for (CacheEntry e : entries) {
                w.add(e);
            }
            w.commit();
        }
    }

    /**
     * Imports an {@code (entries, dimension)} float matrix saved with {@code numpy.save} ({@code <f4}, {@code <f2}
     * or {@code <f8}, C order), streaming it, so files larger than memory work. This is how the released FAISS
     * cache comes in: {@code np.save("knn.npy", index.reconstruct_n(0, index.ntotal))} (see the bundle README).
     *
     * @param ids     one id per row, or null for the row numbers {@code "0"}, {@code "1"}, ...
     * @param dtype   how the cache stores the vectors ({@link DType#F32} or {@link DType#F16})
     * @throws IllegalArgumentException if {@code ids} has the wrong length or a row holds a non-finite value (named
     *                                  by its row)
     */
    public static void importNpy(Path npy, Path target, String modelId, DType dtype, List<String> ids)
            throws IOException {
        try (FileChannel ch = FileChannel.open(npy, StandardOpenOption.READ)) {
            NpyMatrixHeader h = NpyMatrixHeader.read(npy.toString(), ch);
            if (ids != null && ids.size() != h.rows()) {
                throw new IllegalArgumentException(npy + " has " + h.rows() + " rows but " + ids.size() + " ids were given");
            }
            int rowBytes = h.cols() * h.elementBytes();
            int rowsPerRead = Math.max(1, (1 << 22) / rowBytes);
            ByteBuffer chunk = ByteBuffer.allocate(rowsPerRead * rowBytes).order(ByteOrder.LITTLE_ENDIAN);
            float[] row = new float[h.cols()];
            try (CacheWriter w = CacheWriter.create(target, modelId, h.cols(), dtype)) {
                long position = h.dataOffset();
                for (long r = 0; r < h.rows(); ) {
                    int rows = (int) Math.min(rowsPerRead, h.rows() - r);
                    chunk.clear().limit(rows * rowBytes);
                    while (chunk.hasRemaining()) {
                        int n = ch.read(chunk, position + chunk.position());
                        if (n < 0) {
                            throw new java.io.EOFException(npy + ": ended inside row " + r);
                        }
                    }
                    position += (long) rows * rowBytes;
                    for (int i = 0; i < rows; i++, r++) {
                        decodeRow(h, chunk, i * rowBytes, row);
                        try {
                            w.add(ids == null ? Long.toString(r) : ids.get((int) r), row, null);
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException(npy + ": row " + r + ": " + e.getMessage(), e);
                        }
                    }
                }
                w.commit();
            }
        }
    }

    private static void decodeRow(NpyMatrixHeader h, ByteBuffer b, int offset, float[] row) {
        for (int c = 0; c < row.length; c++) {
            row[c] = switch (h.elementBytes()) {
                case 4 -> b.getFloat(offset + 4 * c);
                case 2 -> Float16.toFloat(b.getShort(offset + 2 * c));
                default -> (float) b.getDouble(offset + 8 * c);
            };
        }
    }
}
