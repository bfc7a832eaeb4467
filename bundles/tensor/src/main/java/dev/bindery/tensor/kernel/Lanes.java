package dev.bindery.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species every kernel uses, chosen once.
 *
 * <p>JDK 17's C2 cannot intrinsify {@code convert}/{@code convertShape} (it does not constant-fold the target
 * species' lane count, so every such call boxes and runs ~40x slower). The byte-backed kernels therefore load
 * bytes, {@code reinterpretAsInts()} them (intrinsified), and extract values with shifts; int-to-float uses the
 * exact magic-number trick {@code float(0x4B400000 + v) - 1.5*2^23} ({@link #MAGIC_BITS}). Values then come out
 * in a fixed permuted order inside each group, and inputs are permuted the same way once per call.
 *
 * <p>The float species is the platform's preferred one (128 to 512 bits); the system property
 * {@code bindery.vector.bits} (128, 256 or 512) forces a shape, which lets tests exercise other lane counts.
 */
final class Lanes {
    private Lanes() {
    }

    /** Floats per vector operation for the float32 and half-precision kernels. */
    static final VectorSpecies<Float> F = chooseFloatSpecies();
    /** Lane count of {@link #F}. */
    static final int L = F.length();
    /** Ints of the same shape as {@link #F}. */
    static final VectorSpecies<Integer> I = species(int.class, F.vectorBitSize());
    /** Bytes of the same shape as {@link #F}: one load holds 2*L half-precision values. */
    static final VectorSpecies<Byte> B = species(byte.class, F.vectorBitSize());

    /** Q8_0 kernels: 32-byte loads (one block) where 256-bit vectors are available, else 16-byte loads. */
    static final int Q8_BITS = Math.min(256, F.vectorBitSize());
    static final VectorSpecies<Float> Q8_F = species(float.class, Q8_BITS);
    static final VectorSpecies<Byte> Q8_B = species(byte.class, Q8_BITS);
    /** Bytes per Q8_0 load. */
    static final int Q8_LOAD = Q8_BITS / 8;
    /** Int lanes per Q8_0 load (each int holds 4 consecutive values). */
    static final int Q8_IL = Q8_BITS / 32;

    /** Q4_0 kernels: the 16 nibble bytes of a block are one 128-bit load of 4 ints. */
    static final VectorSpecies<Float> Q4_F = FloatVector.SPECIES_128;
    static final VectorSpecies<Byte> Q4_B = species(byte.class, 128);

    /** Bits of 1.5 * 2^23: {@code intBitsToFloat(MAGIC_BITS + v) == MAGIC + v} exactly for |v| < 2^22. */
    static final int MAGIC_BITS = 0x4B400000;
    /** 1.5 * 2^23 as a float. */
    static final float MAGIC = 12582912.0f;

    // No vector constants here: a static final vector object is not scalarised by C2 on JDK 17 and turns
    // every loop that starts from it into boxed code. Kernels call FloatVector.zero(species).

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
