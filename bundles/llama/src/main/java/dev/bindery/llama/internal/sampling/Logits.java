package dev.bindery.llama.internal.sampling;

/** Checks shared by the samplers: logits must be non-empty and free of NaN (a NaN means the model broke). */
final class Logits {
    private Logits() {
    }

    static void check(float[] logits) {
        if (logits.length == 0) {
            throw new IllegalArgumentException("no logits to sample from");
        }
        for (int i = 0; i < logits.length; i++) {
            if (Float.isNaN(logits[i])) {
                throw new IllegalArgumentException("the logits hold NaN at token " + i + " of " + logits.length);
            }
        }
    }
}
