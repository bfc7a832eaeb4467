package dev.bindery.tensor.kernel;

/**
 * A matrix whose storage interleaves groups of {@value #ROWS} rows so that its kernels produce the dot products of
 * a whole group in one vector ({@link GroupedQ8_0Matrix}, {@link GroupedQ4_0Matrix}). {@link MatMul} hands such a
 * matrix whole groups instead of single rows.
 */
interface RowGroups {
    /** Rows per group: one 512-bit float vector, or two 256-bit ones. */
    int ROWS = 16;

    /**
     * Floats an input takes once {@link #prepare}d; 0 when the kernels read inputs as they are. Callers prepare
     * an input once per call and hand the prepared form to {@link #dotGroup} and {@link #dotGroup4}.
     */
    default int preparedLength(int cols) {
        return 0;
    }

    /** Writes the prepared form of {@code x[xOffset .. + cols)} (only when {@link #preparedLength} is not 0). */
    default void prepare(float[] x, int xOffset, float[] dst, int dstOffset) {
        throw new UnsupportedOperationException();
    }

    /** Rows {@code 16 group .. 16 group + 15} dotted with {@code x[xOffset ..]}, into {@code out[outOffset ..]}. */
    void dotGroup(int group, float[] x, int xOffset, float[] out, int outOffset);

    /**
     * The same for four inputs at {@code x[x0 ..]} .. {@code x[x3 ..]} sharing each decoded weight:
     * {@code tile[16 i + l]} is row {@code 16 group + l} dotted with input {@code i}.
     */
    void dotGroup4(int group, float[] x, int x0, int x1, int x2, int x3, float[] tile);

    /** Rows of a block-format matrix in file order. */
    @FunctionalInterface
    interface Source {
        /** Copies rows {@code first .. first + count - 1}, as stored in the file, into {@code dst[0 ..]}. */
        void copyRows(int first, int count, byte[] dst);
    }

    /** True when a block-format matrix of this shape can be grouped. */
    static boolean fits(int rows, int cols, int block) {
        return rows > 0 && rows % ROWS == 0 && cols > 0 && cols % block == 0;
    }

    /**
     * The bytes of one row in file order.
     *
     * @throws IllegalArgumentException if the shape cannot be grouped or the matrix does not fit one array
     */
    static int checkShape(String format, int rows, int cols, int block, int blockBytes) {
        if (!fits(rows, cols, block)) {
            throw new IllegalArgumentException(format + " matrix " + rows + " x " + cols + " cannot be grouped: rows must be a multiple of "
                    + ROWS + " and columns of " + block);
        }
        long rowBytes = (long) cols / block * blockBytes;
        if (rowBytes * rows > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(format + " matrix " + rows + " x " + cols + " has more bytes than one array holds");
        }
        return (int) rowBytes;
    }

    /**
     * Copies the f16 scale at {@code src[from]} to {@code dst[to]}. The grouped kernels convert scales with the
     * finite-half shortcut, so an infinite or NaN scale (a damaged file) is refused here rather than misread.
     */
    static void copyScale(byte[] src, int from, byte[] dst, int to, int row, int block) {
        if ((src[from + 1] & 0x7c) == 0x7c) {
            throw new IllegalArgumentException("row " + row + ", block " + block + " has a scale that is infinite or NaN ("
                    + HalfFloats.toFloat(src, from) + ")");
        }
        dst[to] = src[from];
        dst[to + 1] = src[from + 1];
    }
}
