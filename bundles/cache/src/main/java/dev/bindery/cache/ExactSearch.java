package dev.bindery.cache;

import dev.bindery.cache.internal.CacheHeader;
import dev.bindery.tensor.DType;
import dev.bindery.tensor.kernel.F16Matrix;
import dev.bindery.tensor.kernel.F32Matrix;
import dev.bindery.tensor.kernel.HalfRows;
import dev.bindery.tensor.kernel.MatMul;
import dev.bindery.tensor.kernel.Parallel;
import java.util.Objects;

/**
 * Exact top-k inner-product search over a {@link CacheFile} (FAISS {@code IndexFlatIP} semantics): the matrix is
 * scanned in blocks of rows straight from the mapping; each block is copied into a per-task heap array (the
 * JDK 17 Vector API loads only from arrays) and scored by the tensor bundle's vectorised kernels, for one query or
 * a batch of queries at once (the block is then read once for all of them). Blocks are spread over a
 * {@link Parallel} pool; every task keeps a bounded heap per query, and the heaps are merged at the end. Ties go to
 * the lower index. Thread-safe.
 *
 * <p>F16 rows are scored with {@link HalfRows}' finite-row kernels (a cache file holds no infinity or NaN: the
 * writer refuses them and the matrix checksum guards the file), which give the same bits as the exact conversion.
 * Queries the finite form cannot scale (NaN, or magnitudes beyond {@link HalfRows#MAX_FINITE_INPUT}) take the exact
 * kernel. A file opened with {@link Residency#HEAP} is scored in place, without the copy.
 */
public final class ExactSearch {
    /**
     * Target bytes of one block: stays in L2 while every query of a batch is scored against it. (Blocks of 16, 64
     * and 256 KiB scanned mapped F16 rows equally fast on the 2-core machine: smaller blocks do not make the copy
     * out of the mapping overlap the scoring; only {@link Residency#HEAP} removes it.)
     */
    private static final int BLOCK_BYTES = 256 * 1024;
    private static final Parallel SERIAL = new Parallel(1, "bindery-cache-serial");

    private final CacheFile file;
    private final Parallel parallel;
    private final int blockRows;
    private final int blocksPerSegment;

    /** Searches {@code file} on {@code parallel}. */
    public ExactSearch(CacheFile file, Parallel parallel) {
        this(file, parallel, Math.max(1, BLOCK_BYTES / (file.dimension() * CacheHeader.elementBytes(file.dtype()))));
    }

    /** As above with an explicit block size in rows (tests use small blocks to exercise the block edges). */
    ExactSearch(CacheFile file, Parallel parallel, int blockRows) {
        this.file = Objects.requireNonNull(file, "file");
        this.parallel = Objects.requireNonNull(parallel, "parallel");
        this.blockRows = Math.min(blockRows, file.rowsPerSegment());
        this.blocksPerSegment = (file.rowsPerSegment() + this.blockRows - 1) / this.blockRows;
    }

    public CacheFile file() {
        return file;
    }

    /**
     * The {@code k} entries with the largest inner product with {@code query}.
     *
     * @throws IllegalArgumentException if the query's length is not the cache's dimension or {@code k < 1}
     */
    public SearchHits search(float[] query, int k) {
        return search(query, 1, k)[0];
    }

    /**
     * Searches {@code n} queries at once ({@code queries} is {@code n x dimension}, row-major); the matrix is read
     * once for all of them.
     */
    public SearchHits[] search(float[] queries, int n, int k) {
        int dim = file.dimension();
        if (n < 1 || queries.length != (long) n * dim) {
            throw new IllegalArgumentException("the cache " + file.path() + " holds " + dim + "-d vectors; got "
                    + queries.length + " values for " + n + " quer" + (n == 1 ? "y" : "ies"));
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, not " + k);
        }
        int keep = (int) Math.min(k, file.size());
        TopK[] result = new TopK[n];
        for (int q = 0; q < n; q++) {
            result[q] = new TopK(Math.max(1, keep));
        }
        float[] prepared = file.dtype() == DType.F16 ? prepareFinite(queries, n, dim) : null;
        int blocks = blockCount();
        if (keep > 0 && blocks > 0) {
            parallel.parallelFor(0, blocks, 1, (from, to) -> {
                TopK[] local = scan(queries, prepared, n, keep, from, to);
                synchronized (result) {
                    for (int q = 0; q < n; q++) {
                        result[q].merge(local[q]);
                    }
                }
            });
        }
        SearchHits[] hits = new SearchHits[n];
        for (int q = 0; q < n; q++) {
            hits[q] = result[q].toHits();
        }
        return hits;
    }

    private int blockCount() {
        int segments = file.segmentCount();
        if (segments == 0) {
            return 0;
        }
        long lastRows = file.size() - (long) (segments - 1) * file.rowsPerSegment();
        return (segments - 1) * blocksPerSegment + (int) ((lastRows + blockRows - 1) / blockRows);
    }

    /** The queries in the form of {@link HalfRows#prepareFinite}, or null when one of them does not fit it. */
    private static float[] prepareFinite(float[] queries, int n, int dim) {
        float[] prepared = new float[n * dim];
        for (int q = 0; q < n; q++) {
            if (!HalfRows.prepareFinite(queries, q * dim, prepared, q * dim, dim)) {
                return null;
            }
        }
        return prepared;
    }

    /**
     * Scores blocks {@code [from, to)} against every query into task-local heaps; {@code prepared} is the F16 form of
     * the queries (null: F32 rows, or the exact F16 kernel).
     */
    private TopK[] scan(float[] queries, float[] prepared, int n, int keep, int from, int to) {
        int dim = file.dimension();
        boolean f32 = file.dtype() == DType.F32;
        boolean inHeap = file.residency() == Residency.HEAP;
        // blocks are copied out of the mapping into these, unless the vectors are in the heap already
        float[] floats = (f32 && !inHeap) || (!f32 && prepared != null && n > 1) ? new float[blockRows * dim] : null;
        byte[] halves = f32 || inHeap ? null : new byte[blockRows * dim * 2];
        float[] scores = new float[n * blockRows];
        TopK[] heaps = new TopK[n];
        for (int q = 0; q < n; q++) {
            heaps[q] = new TopK(keep);
        }
        for (int b = from; b < to; b++) {
            int segment = b / blocksPerSegment;
            int firstInSegment = (b % blocksPerSegment) * blockRows;
            long segmentRows = Math.min(file.rowsPerSegment(), file.size() - (long) segment * file.rowsPerSegment());
            int rows = (int) Math.min(blockRows, segmentRows - firstInSegment);
            // out[q * rows + r] = <row r, query q>
            if (f32) {
                float[] src = file.heapFloats(segment);
                int at = firstInSegment * dim;
                if (src == null) {
                    file.floatView(segment).get(at, floats, 0, rows * dim);
                    src = floats;
                    at = 0;
                }
                MatMul.matMul(SERIAL, new F32Matrix(rows, dim, src, at), queries, 0, n, scores, 0);
            } else {
                byte[] src = file.heapHalves(segment);
                int at = firstInSegment * dim * 2;
                if (src == null) {
                    file.rawSegment(segment).get(at, halves, 0, rows * dim * 2);
                    src = halves;
                    at = 0;
                }
                if (prepared == null) {
                    MatMul.matMul(SERIAL, new F16Matrix(rows, dim, src, at), queries, 0, n, scores, 0);
                } else if (n == 1) {
                    HalfRows.dotsFinite(src, at, rows, dim, prepared, 0, scores, 0);
                } else {
                    // decoded once for the whole batch, in the prepared queries' order and scale
                    HalfRows.decodeFinite(src, at, rows, dim, floats, 0);
                    MatMul.matMul(SERIAL, new F32Matrix(rows, dim, floats, 0), prepared, 0, n, scores, 0);
                }
            }
            long base = (long) segment * file.rowsPerSegment() + firstInSegment;
            for (int q = 0; q < n; q++) {
                TopK heap = heaps[q];
                int o = q * rows;
                for (int r = 0; r < rows; r++) {
                    heap.offer(scores[o + r], base + r);
                }
            }
        }
        return heaps;
    }
}
