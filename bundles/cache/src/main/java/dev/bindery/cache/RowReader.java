package dev.bindery.cache;

import dev.bindery.tensor.DType;
import dev.bindery.tensor.kernel.HalfFloats;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Reads single rows of a {@link CacheFile} into float arrays with bulk copies from the mapping (graph search and
 * graph building touch rows in random order, one at a time). Holds a scratch buffer for half-precision rows, so
 * one reader belongs to one thread; make one per thread with {@link CacheFile#rowReader()}.
 */
public final class RowReader {
    private final CacheFile file;
    private final int dim;
    private final boolean f32;
    private final byte[] halves;

    RowReader(CacheFile file) {
        this.file = Objects.requireNonNull(file, "file");
        this.dim = file.dimension();
        this.f32 = file.dtype() == DType.F32;
        this.halves = f32 ? null : new byte[2 * dim];
    }

    /** The file the rows come from. */
    public CacheFile file() {
        return file;
    }

    /** Writes row {@code i} as float32 into {@code dst[offset .. offset + dimension)} (F16 upcast exactly). */
    public void read(long i, float[] dst, int offset) {
        Objects.checkIndex(i, file.size());
        Objects.checkFromIndexSize(offset, dim, dst.length);
        int rowsPerSegment = file.rowsPerSegment();
        int segment = (int) (i / rowsPerSegment);
        int row = (int) (i % rowsPerSegment);
        if (f32) {
            file.floatView(segment).get(row * dim, dst, offset, dim);
        } else {
            ByteBuffer seg = file.rawSegment(segment);
            seg.get(row * dim * 2, halves, 0, 2 * dim);
            HalfFloats.toFloats(halves, 0, dst, offset, dim);
        }
    }
}
