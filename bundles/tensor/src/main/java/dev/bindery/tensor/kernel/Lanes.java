package dev.bindery.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species every kernel uses, chosen once. The float species is the platform's preferred one
 * (capped at 512 bits, at least 128); the system property {@code bindery.vector.bits} (128, 256 or 512)
 * forces a shape, which lets the tests exercise the other lane counts. The companion species are sized
 * so that one load yields exactly one float vector's worth of values.
 */
final class Lanes {
    private Lanes() {
    }

    /** Floats per vector operation. */
    static final VectorSpecies<Float> F = chooseFloatSpecies();
    /** Lane count of {@link #F}. */
    static final int L = F.length();
    /** Ints with the same lane count as {@link #F} (bit manipulation of float/half patterns). */
    static final VectorSpecies<Integer> I = species(int.class, F.vectorBitSize());
    /** 2*L bytes: one load of L half-precision values. */
    static final VectorSpecies<Byte> HALF_BYTES = species(byte.class, F.vectorBitSize() / 2);
    /**
     * Bytes per int8 load: L bytes, but never below the 64-bit minimum shape; {@link #Q_PARTS} float vectors
     * are converted out of each load.
     */
    static final VectorSpecies<Byte> Q_BYTES = species(byte.class, Math.max(64, L * 8));
    /** Lanes of {@link #Q_BYTES}. */
    static final int Q_LOAD = Q_BYTES.length();
    /** Float vectors per int8 load. */
    static final int Q_PARTS = Q_LOAD / L;
    // No vector constants here: a static final vector object is not scalarised by C2 on JDK 17 and turns
    // every loop that starts from it into boxed, interpreted-speed code. Kernels call FloatVector.zero(F).

    private static VectorSpecies<Float> chooseFloatSpecies() {
        String forced = System.getProperty("bindery.vector.bits");
        int bits;
        if (forced != null && !forced.isBlank()) {
            bits = Integer.parseInt(forced.trim());
            if (bits != 128 && bits != 256 && bits != 512) {
                throw new IllegalArgumentException("bindery.vector.bits must be 128, 256 or 512, not " + forced);
            }
        } else {
            bits = Math.min(512, Math.max(128, FloatVector.SPECIES_PREFERRED.vectorBitSize()));
        }
        return species(float.class, bits);
    }

    private static <E> VectorSpecies<E> species(Class<E> type, int bits) {
        return VectorSpecies.of(type, VectorShape.forBitSize(bits));
    }
}
