package dev.bindery.tensor.kernel;

/**
 * Per-thread buffers for an input vector in a format's kernel order ({@link Matrix#permute}), so that a mat-vec
 * (one per weight matrix per decoded token) does not allocate. A buffer belongs to the thread that asked for it and
 * is valid until that thread asks again; the callers use it only for the duration of one call.
 */
final class PermutedInput {
    private PermutedInput() {
    }

    /** Buffers are kept up to this size (a LLaMA-7B FFN row is 11008); longer inputs get a fresh array. */
    private static final int MAX_KEPT = 1 << 16;

    private static final ThreadLocal<float[]> BUFFER = ThreadLocal.withInitial(() -> new float[0]);

    /** An array of at least {@code n} floats owned by the calling thread, contents undefined. */
    static float[] buffer(int n) {
        if (n > MAX_KEPT) {
            return new float[n];
        }
        float[] b = BUFFER.get();
        if (b.length < n) {
            b = new float[n];
            BUFFER.set(b);
        }
        return b;
    }
}
