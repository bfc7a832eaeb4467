package dev.bindery.tensor;

/**
 * Element types of tensor data. Scalar types store one value per element; the GGML block formats store
 * {@link #blockSize()} values in {@link #bytesPerBlock()} bytes (a scalar type is a block of one).
 * All multi-byte values are little-endian.
 */
public enum DType {
    F32(1, 4, Kind.FLOAT),
    F16(1, 2, Kind.FLOAT),
    BF16(1, 2, Kind.FLOAT),
    F64(1, 8, Kind.FLOAT),
    I64(1, 8, Kind.INTEGER),
    I32(1, 4, Kind.INTEGER),
    I16(1, 2, Kind.INTEGER),
    I8(1, 1, Kind.INTEGER),
    U8(1, 1, Kind.INTEGER),
    BOOL(1, 1, Kind.BOOLEAN),
    /** GGML Q8_0: one f16 scale and 32 signed bytes per block. */
    Q8_0(32, 34, Kind.QUANTIZED),
    /** GGML Q4_0: one f16 scale and 32 4-bit values (offset 8) per block. */
    Q4_0(32, 18, Kind.QUANTIZED),
    /** GGML Q4_K super-block: f16 d, f16 dmin, 12 bytes of 6-bit scales/mins, 128 bytes of nibbles. */
    Q4_K(256, 144, Kind.QUANTIZED),
    /** GGML Q6_K super-block: 128 bytes low nibbles, 64 bytes high bits, 16 int8 scales, f16 d. */
    Q6_K(256, 210, Kind.QUANTIZED);

    private enum Kind { FLOAT, INTEGER, BOOLEAN, QUANTIZED }

    private final int blockSize;
    private final int bytesPerBlock;
    private final Kind kind;

    DType(int blockSize, int bytesPerBlock, Kind kind) {
        this.blockSize = blockSize;
        this.bytesPerBlock = bytesPerBlock;
        this.kind = kind;
    }

    /** Values per block: 1 for scalar types, 32 or 256 for the GGML block formats. */
    public int blockSize() {
        return blockSize;
    }

    /** Bytes per block; for scalar types the element size in bytes. */
    public int bytesPerBlock() {
        return bytesPerBlock;
    }

    /** True for the GGML block formats. */
    public boolean isQuantized() {
        return kind == Kind.QUANTIZED;
    }

    /** True for F32, F16, BF16 and F64. */
    public boolean isFloatingPoint() {
        return kind == Kind.FLOAT;
    }

    /** True for the signed/unsigned integer types (not BOOL). */
    public boolean isInteger() {
        return kind == Kind.INTEGER;
    }

    /**
     * Bytes needed for {@code count} values.
     *
     * @throws IllegalArgumentException if {@code count} is negative or not a whole number of blocks
     */
    public long byteSize(long count) {
        if (count < 0 || count % blockSize != 0) {
            throw new IllegalArgumentException(
                    this + " stores values in blocks of " + blockSize + "; " + count + " values is not a whole number of blocks");
        }
        return Math.multiplyExact(count / blockSize, (long) bytesPerBlock);
    }
}
