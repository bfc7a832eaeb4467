package dev.bindery.tensor.kernel;

/**
 * A matrix whose storage interleaves groups of {@value #ROWS} rows so that its kernels produce the dot products of
 * a whole group in one vector ({@link GroupedQ8_0Matrix}). {@link MatMul} hands such a
 * matrix whole groups instead of single rows.
 */
interface RowGroups {
    /** Rows per group: one 512-bit float vector, or two 256-bit ones. */
    int ROWS = 16;

    /** Rows {@code 16 group .. 16 group + 15} dotted with {@code x[xOffset ..]}, into {@code out[outOffset ..]}. */
    void dotGroup(int group, float[] x, int xOffset, float[] out, int outOffset);

    /**
     * Groups {@code group .. group + 3} dotted with {@code x[xOffset ..]}, into {@code out[outOffset ..]} (64 rows),
     * reading the four groups at once. A row's result may differ from {@link #dotGroup}'s in rounding, so callers
     * must send a row through the same method whatever the thread split.
     */
    void dotFourGroups(int group, float[] x, int xOffset, float[] out, int outOffset);

    /**
     * The same for four inputs at {@code x[x0 ..]} .. {@code x[x3 ..]} sharing each decoded weight:
     * {@code tile[16 i + l]} is row {@code 16 group + l} dotted with input {@code i}.
     */
    void dotGroup4(int group, float[] x, int x0, int x1, int x2, int x3, float[] tile);

    /**
     * The same for eight inputs at {@code x[xs[0] ..]} .. {@code x[xs[7] ..]}, for machines with 32 vector registers
     * ({@link Lanes#WIDE_REGISTERS}): {@code tile[16 i + l]} is row {@code 16 group + l} dotted with input {@code i},
     * equal bit for bit to what {@link #dotGroup4} gives for that input.
     */
    void dotGroup8(int group, float[] x, int[] xs, float[] tile);

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
     * Writes rows in file order, read from {@code source}, in the grouped layout into {@code out[outOffset ..]}:
     * per group of 16 rows and block, the 16 scales, then the value bytes in units of {@code unit} bytes: for each
     * unit {@code u} of the block the 16 rows' units ({@code unit} 1: one byte per row and column,
     * {@link GroupedQ8_0Matrix}; 4: one int lane per row, {@link Int16Q4_0Matrix}). {@code out} may be where
     * {@code source} reads from: each group of rows occupies the same bytes in both layouts and is read whole before
     * it is written.
     *
     * @throws IllegalArgumentException if the shape cannot be grouped or a scale is infinite or NaN
     */
    static void repack(String format, int rows, int cols, int block, int blockBytes, int unit, Source source,
                       byte[] out, int outOffset) {
        int rowBytes = checkShape(format, rows, cols, block, blockBytes);
        byte[] group = new byte[ROWS * rowBytes];
        int blocks = cols / block;
        int valueBytes = blockBytes - 2;
        for (int g = 0; g < rows / ROWS; g++) {
            source.copyRows(g * ROWS, ROWS, group);
            int base = outOffset + g * ROWS * rowBytes;
            for (int b = 0; b < blocks; b++) {
                int at = base + b * ROWS * blockBytes;
                for (int r = 0; r < ROWS; r++) {
                    int src = r * rowBytes + b * blockBytes;
                    copyScale(group, src, out, at + 2 * r, g * ROWS + r, b);
                    for (int j = 0; j < valueBytes; j++) {
                        out[at + 2 * ROWS + (j / unit) * ROWS * unit + r * unit + j % unit] = group[src + 2 + j];
                    }
                }
            }
        }
    }

    /**
     * Copies the f16 scale at {@code src[from]} to {@code dst[to]}. The grouped kernels convert scales with the
     * finite-half shortcut, so an infinite or NaN scale (a damaged file) is refused here rather than misread.
     */
    private static void copyScale(byte[] src, int from, byte[] dst, int to, int row, int block) {
        if ((src[from + 1] & 0x7c) == 0x7c) {
            throw new IllegalArgumentException("row " + row + ", block " + block + " has a scale that is infinite or NaN ("
                    + HalfFloats.toFloat(src, from) + ")");
        }
        dst[to] = src[from];
        dst[to + 1] = src[from + 1];
    }
}
