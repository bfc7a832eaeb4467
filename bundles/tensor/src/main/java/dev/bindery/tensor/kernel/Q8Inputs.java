package dev.bindery.tensor.kernel;

/**
 * Inputs quantised per block of 32 to 8-bit integers with one float scale, as llama.cpp quantises activations for
 * its Q4_0 products, and written as the coefficients that {@link Int16Q4_0Matrix}'s kernel multiplies with.
 *
 * <p>A block's integers {@code q = round(x / d)}, {@code d = max|x| / 127}, become 17 ints. For each 32-bit word
 * {@code w = 0..3} of a weight row's block, whose nibbles {@code n0 .. n7} weigh {@code x0 .. x7} (values
 * {@code 4w, 16 + 4w, 4w + 1, 17 + 4w, ..}), four ints whose low and high 16 bits multiply the low and high halves of
 * the word shifted right by 0, 4, 8, 12 bits: low {@code l = (x0, x1 - 16 x0, x2 - 16 x1, x3 - 16 x2)}, which makes
 * the low half sum to {@code x0 n0 + .. + x3 n3 + a4 n4 + a5 n5 + a6 n6} with {@code a4 = 4096 l1 + 256 l2 + 16 l3},
 * {@code a5 = 4096 l2 + 256 l3}, {@code a6 = 4096 l3}; and high {@code (y4, y5 - 16 y4, y6 - 16 y5, y7 - 16 y6)}
 * with {@code y = (x4 - a4, x5 - a5, x6 - a6, x7)}, which makes the two halves together sum to
 * {@code x0 n0 + .. + x7 n7} modulo 2^16. Then {@code -8 sum(q)} in the low half (the nibbles' offset of 8, paid
 * once per block).
 */
final class Q8Inputs {
    /** Values per block. */
    static final int BLOCK = 32;
    /** Coefficients per block: four per 32-bit word, then the block's constant. */
    static final int COEFFS = 17;
    /** Index of the block's constant among its coefficients. */
    static final int CONSTANT = 16;

    /** Blocks per input (a thread's kept buffer may have room for more, see {@link #one}). */
    int blocks;
    /** {@code COEFFS} per block, input after input. */
    final int[] coeffs;
    /** One scale {@code d} per block, input after input. */
    final float[] scales;

    private Q8Inputs(int blocks, int inputs) {
        this.blocks = blocks;
        this.coeffs = new int[Math.multiplyExact(Math.multiplyExact(blocks, COEFFS), inputs)];
        this.scales = new float[Math.multiplyExact(blocks, inputs)];
    }

    /** Room for {@code inputs} inputs of {@code cols} values (a multiple of 32). */
    static Q8Inputs of(int cols, int inputs) {
        return new Q8Inputs(cols / BLOCK, inputs);
    }

    private static final int MAX_KEPT_BLOCKS = 1 << 11;
    private static final ThreadLocal<Q8Inputs> ONE = ThreadLocal.withInitial(() -> new Q8Inputs(0, 1));

    /**
     * Room for one input of {@code cols} values owned by the calling thread (as {@link PermutedInput}: valid until
     * the thread asks again), so that a mat-vec per decoded token does not allocate.
     */
    static Q8Inputs one(int cols) {
        int blocks = cols / BLOCK;
        if (blocks > MAX_KEPT_BLOCKS) {
            return new Q8Inputs(blocks, 1);
        }
        Q8Inputs kept = ONE.get();
        if (kept.scales.length < blocks) {
            kept = new Q8Inputs(blocks, 1);
            ONE.set(kept);
        }
        kept.blocks = blocks; // decode alternates widths (4096, 11008): one buffer of the largest serves both
        return kept;
    }

    /** Where input {@code i}'s coefficients start in {@link #coeffs}. */
    int coeffStart(int i) {
        return i * blocks * COEFFS;
    }

    /** Where input {@code i}'s scales start in {@link #scales}. */
    int scaleStart(int i) {
        return i * blocks;
    }

    /**
     * Quantises {@code x[xOffset .. + 32 blocks)} as input {@code i}. A block of zeros gets scale 0; a block with
     * an infinite or NaN value gets a NaN scale, so that the products it enters are NaN rather than a finite guess.
     */
    void quantize(float[] x, int xOffset, int i) {
        int[] q = new int[BLOCK];
        for (int b = 0; b < blocks; b++) {
            int in = xOffset + b * BLOCK;
            float amax = 0;
            for (int j = 0; j < BLOCK; j++) {
                amax = Math.max(amax, Math.abs(x[in + j]));
            }
            float d = amax / 127;
            float id = d != 0 ? 1 / d : 0;
            int sum = 0;
            for (int j = 0; j < BLOCK; j++) {
                q[j] = Float.isFinite(amax) ? Math.round(x[in + j] * id) : 0;
                sum += q[j];
            }
            int c = coeffStart(i) + b * COEFFS;
            for (int w = 0; w < 4; w++) {
                int x0 = q[4 * w];
                int x1 = q[16 + 4 * w];
                int x2 = q[4 * w + 1];
                int x3 = q[17 + 4 * w];
                int l1 = x1 - 16 * x0;
                int l2 = x2 - 16 * x1;
                int l3 = x3 - 16 * x2;
                int y4 = q[4 * w + 2] - (4096 * l1 + 256 * l2 + 16 * l3);
                int y5 = q[18 + 4 * w] - (4096 * l2 + 256 * l3);
                int y6 = q[4 * w + 3] - 4096 * l3;
                int y7 = q[19 + 4 * w];
                coeffs[c + 4 * w] = halves(x0, y4);
                coeffs[c + 4 * w + 1] = halves(l1, y5 - 16 * y4);
                coeffs[c + 4 * w + 2] = halves(l2, y6 - 16 * y5);
                coeffs[c + 4 * w + 3] = halves(l3, y7 - 16 * y6);
            }
            coeffs[c + CONSTANT] = halves(-8 * sum, 0);
            scales[scaleStart(i) + b] = Float.isFinite(amax) ? d : Float.NaN;
        }
    }

    /** The low 16 bits of {@code low} and of {@code high} as the low and high halves of an int. */
    private static int halves(int low, int high) {
        return (low & 0xffff) | (high << 16);
    }
}
