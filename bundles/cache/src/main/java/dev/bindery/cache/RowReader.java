package dev.bindery.cache;

import dev.bindery.tensor.DType;
import dev.bindery.tensor.kernel.HalfRows;
import dev.bindery.tensor.kernel.VectorMath;
import java.util.Objects;

/**
 * Reads and scores single rows of a {@link CacheFile} with bulk copies from the mapping (graph search and graph
 * building touch rows in random order, one at a time). A query is first {@link #prepare prepared}: for F16 files it
 * is put into the order the half-precision kernel reads, so each row is scored without being decoded. Holds
 * scratch buffers, so one reader belongs to one thread; make one per thread with {@link CacheFile#rowReader()}.
 */
public final class RowReader {
    private final CacheFile file;
    private final int dim;
    private final boolean f32;
    private final byte[] halves;
    private final float[] floats;

    RowReader(CacheFile file) {
        this.file = Objects.requireNonNull(file, "file");
        this.dim = file.dimension();
        this.f32 = file.dtype() == DType.F32;
        this.halves = f32 ? null : new byte[2 * dim];
        this.floats = f32 ? new float[dim] : null;
    }

    /** The file the rows come from. */
    public CacheFile file() {
        return file;
    }

    /** {@code query} in the form {@link #dot} takes (a new array; the query is not changed). */
    public float[] prepare(float[] query) {
        if (query.length != dim) {
            throw new IllegalArgumentException("a " + query.length + "-d query for " + dim + "-d rows");
        }
        if (f32) {
            return query.clone();
        }
        float[] prepared = new float[dim];
        HalfRows.permute(query, 0, prepared, 0, dim);
        return prepared;
    }

    /** Entry {@code i} as a prepared query. */
    public float[] prepareEntry(long i) {
        float[] prepared = new float[dim];
        if (f32) {
            read(i, prepared, 0);
        } else {
            readHalves(i);
            HalfRows.decodePermuted(halves, 0, dim, prepared, 0);
        }
        return prepared;
    }

    /** The inner product of entry {@code i} with a {@link #prepare prepared} query. */
    public float dot(long i, float[] prepared) {
        int s = segment(i);
        if (f32) {
            float[] heap = file.heapFloats(s);
            if (heap != null) {
                return VectorMath.dot(heap, row(i) * dim, prepared, 0, dim); // in place, no copy
            }
            read(i, floats, 0);
            return VectorMath.dot(floats, 0, prepared, 0, dim);
        }
        byte[] heap = file.heapHalves(s);
        if (heap != null) {
            return HalfRows.dotPermuted(heap, row(i) * dim * 2, dim, prepared, 0);
        }
        readHalves(i);
        return HalfRows.dotPermuted(halves, 0, dim, prepared, 0);
    }

    /** Writes row {@code i} as float32 into {@code dst[offset .. offset + dimension)} (F16 upcast exactly). */
    public void read(long i, float[] dst, int offset) {
        Objects.checkFromIndexSize(offset, dim, dst.length);
        int row = row(i);
        if (f32) {
            float[] heap = file.heapFloats(segment(i));
            if (heap != null) {
                System.arraycopy(heap, row * dim, dst, offset, dim);
            } else {
                file.floatView(segment(i)).get(row * dim, dst, offset, dim);
            }
        } else {
            readHalves(i);
            dev.bindery.tensor.kernel.HalfFloats.toFloats(halves, 0, dst, offset, dim);
        }
    }

    private void readHalves(long i) {
        byte[] heap = file.heapHalves(segment(i));
        if (heap != null) {
            System.arraycopy(heap, row(i) * dim * 2, halves, 0, 2 * dim);
        } else {
            file.rawSegment(segment(i)).get(row(i) * dim * 2, halves, 0, 2 * dim);
        }
    }

    private int segment(long i) {
        Objects.checkIndex(i, file.size());
        return (int) (i / file.rowsPerSegment());
    }

    private int row(long i) {
        return (int) (i % file.rowsPerSegment());
    }
}
