package dev.bindery.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species every kernel uses, chosen once.
 *
 * <p>Rules for JDK 17's C2 that the kernels follow (each was measured; breaking one makes a loop 5-50x slower
 * because vectors get boxed): {@code convert(I2F, 0)} is not intrinsified (its target species is looked up, not a
 * constant), {@code convertShape(I2F, Q_F, 0)} with a constant species of the same shape is; cross-shape
 * conversions (bytes to ints) are avoided, bytes are loaded and {@code reinterpretAsInts()}'d, and values are
 * extracted with shifts. No static final vectors. Inside a hot loop nothing may be a call that is not force-inlined:
 * once C2's node budget for a method is spent it stops inlining ordinary helpers, and a helper call in the loop
 * boxes every live vector. Values then come out in a fixed permuted order inside each group, and inputs are
 * permuted the same way once per call.
 *
 * <p>The float species is the platform's preferred one (128 to 512 bits); the system property
 * {@code bindery.vector.bits} (128, 256 or 512) forces a shape, which lets tests exercise other lane counts.
 */
final class Lanes {
    private Lanes() {
    }

    /**
     * True where the machine's preferred vectors are 512 bits, i.e. AVX-512 with its 32 vector registers (AVX2 has
     * 16): batched kernels then keep twice the accumulators in registers ({@link FloatTiles},
     * {@link RowGroups#dotGroup8}). Independent of {@code bindery.vector.bits}, which narrows vectors, not registers.
     */
    static final boolean WIDE_REGISTERS = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512;

    /** Floats per vector operation for the float32 and half-precision kernels. */
    static final VectorSpecies<Float> F = chooseFloatSpecies();
    /** Lane count of {@link #F}. */
    static final int L = F.length();
    /** Ints of the same shape as {@link #F}. */
    static final VectorSpecies<Integer> I = species(int.class, F.vectorBitSize());
    /** Bytes of the same shape as {@link #F}: one load holds 2*L half-precision values. */
    static final VectorSpecies<Byte> B = species(byte.class, F.vectorBitSize());

    /**
     * The block-format kernels (Q8_0, Q4_0) always work on 256 bits: one Q8_0 block is one 32-byte load, two Q4_0
     * blocks fill one 8-int vector. AVX2 and AVX-512 machines run 256-bit operations natively.
     */
    static final VectorSpecies<Float> Q_F = FloatVector.SPECIES_256;
    static final VectorSpecies<Integer> Q_I = species(int.class, 256);
    static final VectorSpecies<Byte> Q_B = species(byte.class, 256);
    /** Int lanes of {@link #Q_I}. */
    static final int Q_IL = 8;

    /**
     * The grouped block kernels ({@link RowGroups}) put one row per float lane: 512 bits where the machine has them
     * (one vector per group of 16 rows), else 256 (two). Each lane's weight comes from one byte, widened by a
     * cross-shape conversion ({@code B2F}, {@code B2I}, {@code S2I}), which JDK 17 intrinsifies from these
     * constant species.
     */
    static final VectorSpecies<Float> G_F = species(float.class, F.vectorBitSize() >= 512 ? 512 : 256);
    /** Lane count of {@link #G_F}: 16 or 8. */
    static final int G_L = G_F.length();
    static final VectorSpecies<Integer> G_I = species(int.class, G_F.vectorBitSize());
    /** One byte per lane of {@link #G_F}. */
    static final VectorSpecies<Byte> G_B = species(byte.class, G_L * 8);
    /** Two bytes (one f16 scale) per lane of {@link #G_F}. */
    static final VectorSpecies<Byte> G_B2 = species(byte.class, G_L * 16);
    /** Four bytes per lane of {@link #G_F}: one vector of {@link #G_S}. */
    static final VectorSpecies<Byte> G_B4 = species(byte.class, G_L * 32);
    /** Two 16-bit halves per lane of {@link #G_F} ({@link Int16Q4_0Matrix}: one row's 32-bit word per lane). */
    static final VectorSpecies<Short> G_S = species(short.class, G_L * 32);

    /**
     * {@code 0} in the low four int lanes and {@code -1} in the high four: the Q4_0 kernel blends two loads with it.
     * Loaded with {@code IntVector.fromArray} where it is needed (a static final vector would not be scalarised).
     */
    static final int[] HIGH_HALF = {0, 0, 0, 0, -1, -1, -1, -1};
    /** 1 in the low four float lanes, 0 in the high four (selects the first block's lanes by multiplication). */
    static final float[] LOW_ONES = {1, 1, 1, 1, 0, 0, 0, 0};
    /** 0 in the low four float lanes, 1 in the high four. */
    static final float[] HIGH_ONES = {0, 0, 0, 0, 1, 1, 1, 1};

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
