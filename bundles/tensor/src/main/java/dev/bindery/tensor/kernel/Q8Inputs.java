package dev.bindery.tensor.kernel;

/**
 * Inputs quantised per block of 32 to 8-bit integers with one float scale, as llama.cpp quantises activations for
 * its Q4_0 products, and written as the 16-bit coefficients that {@link Int16Q4_0Matrix}'s kernel multiplies with.
 *
 * <p>A block's integers {@code q = round(x / d)}, {@code d = max|x| / 127}, become 33 coefficients: for each
 * 16-bit word {@code k = 0..7} of a weight row's block, whose four nibbles weigh values {@code v0 = 2k},
 * {@code v1 = 16 + 2k}, {@code v2 = 2k + 1}, {@code v3 = 17 + 2k}, the four numbers {@code q[v0]},
 * {@code q[v1] - 16 q[v0]}, {@code q[v2] - 16 q[v1]}, {@code q[v3] - 16 q[v2]}, then {@code -8 sum(q)} (the
 * nibbles' offset of 8, paid once per block). See {@link Int16Q4_0Matrix} for why these sum exactly.
 */
final class Q8Inputs {
    /** Values per block. */
    static final int BLOCK = 32;
    /** Coefficients per block: four per 16-bit word, then the block's constant. */
    static final int COEFFS = BLOCK + 1;

    /** Blocks per input. */
    final int blocks;
    /**
     * {@code COEFFS} per block, input after input, each 16-bit coefficient twice in one int: a 32-bit broadcast
     * is a plain load where a 16-bit one also takes a shuffle.
     */
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
        if (kept.blocks != blocks) {
            kept = new Q8Inputs(blocks, 1);
            ONE.set(kept);
        }
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
            for (int k = 0; k < 8; k++) {
                int v0 = q[2 * k];
                int v1 = q[16 + 2 * k];
                int v2 = q[2 * k + 1];
                int v3 = q[17 + 2 * k];
                coeffs[c + 4 * k] = twice(v0);
                coeffs[c + 4 * k + 1] = twice(v1 - 16 * v0);
                coeffs[c + 4 * k + 2] = twice(v2 - 16 * v1);
                coeffs[c + 4 * k + 3] = twice(v3 - 16 * v2);
            }
            coeffs[c + BLOCK] = twice(-8 * sum);
            scales[scaleStart(i) + b] = Float.isFinite(amax) ? d : Float.NaN;
        }
    }

    /** The low 16 bits of {@code v} in both halves of an int. */
    private static int twice(int v) {
        return (v & 0xffff) * 0x10001;
    }
}
