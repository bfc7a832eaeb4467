package dev.bindery.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable named tensor: element type, shape and contiguous little-endian bytes in row-major order.
 *
 * <p>The shape follows PyTorch's order (outermost first; a Linear weight is {@code (out, in)}), whatever the
 * file format stores. The bytes are a heap buffer or a slice of a memory-mapped file; they are not copied
 * unless a conversion ({@link #toFloatArray()}, ...) asks for it. For the block formats the last dimension
 * must be a whole number of blocks (each row is a run of blocks, as in GGML).
 *
 * <p>A tensor the readers map from a file also knows its {@link FileRegion}: the bulk copies that load a model
 * ({@link #copyBytes}, {@link #toFloatArray()}) read the file in bounded chunks rather than the mapping, so the
 * process never holds the mapped pages and the heap copy at once.
 */
public final class TensorData {
    private final String name;
    private final DType dtype;
    private final long[] shape;
    private final ByteBuffer bytes;
    /** The same bytes in a file, or null for tensors that are not a file's mapping. */
    private final FileRegion region;

    private TensorData(String name, DType dtype, long[] shape, ByteBuffer bytes, FileRegion region) {
        this.name = name;
        this.dtype = dtype;
        this.shape = shape;
        this.bytes = bytes;
        this.region = region;
    }

    /**
     * Wraps {@code bytes} from its position to its limit (not copied; later writes to the buffer show through).
     *
     * @throws IllegalArgumentException if the shape has a negative dimension, the last dimension is not a whole
     *                                  number of blocks, or the byte count does not match the shape
     */
    public static TensorData of(String name, DType dtype, long[] shape, ByteBuffer bytes) {
        return of(name, dtype, shape, bytes, null);
    }

    /**
     * Wraps {@code mapped}, the content of {@code region} (mapped from its file by the caller), as {@link #of}; bulk
     * copies read {@code region} instead of the mapping.
     *
     * @throws IllegalArgumentException as {@link #of}, or if the region's length differs from the buffer's
     */
    public static TensorData of(String name, DType dtype, long[] shape, ByteBuffer mapped, FileRegion region) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        long[] dims = shape.clone();
        long numel = checkedNumel(name, dims);
        if (dtype.isQuantized()) {
            long inner = dims.length == 0 ? 1 : dims[dims.length - 1];
            if (inner % dtype.blockSize() != 0) {
                throw new IllegalArgumentException("tensor '" + name + "': last dimension " + inner + " of shape "
                        + Arrays.toString(dims) + " is not a multiple of the " + dtype + " block size " + dtype.blockSize());
            }
        }
        long expected = dtype.byteSize(numel);
        if (mapped.remaining() != expected) {
            throw new IllegalArgumentException("tensor '" + name + "': " + dtype + " " + Arrays.toString(dims)
                    + " needs " + expected + " bytes but " + mapped.remaining() + " were given");
        }
        if (region != null && region.length() != expected) {
            throw new IllegalArgumentException("tensor '" + name + "': the file region holds " + region.length()
                    + " bytes but the tensor " + expected);
        }
        ByteBuffer own = mapped.slice().order(ByteOrder.LITTLE_ENDIAN);
        return new TensorData(name, dtype, dims, own, region);
    }

    /** A float32 tensor holding a copy of {@code values}. */
    public static TensorData ofFloats(String name, long[] shape, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(values.length, 4)).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return of(name, DType.F32, shape, b);
    }

    /** A float64 tensor holding a copy of {@code values}. */
    public static TensorData ofDoubles(String name, long[] shape, double[] values) {
        ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(values.length, 8)).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(values);
        return of(name, DType.F64, shape, b);
    }

    /** An int64 tensor holding a copy of {@code values}. */
    public static TensorData ofLongs(String name, long[] shape, long[] values) {
        ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(values.length, 8)).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return of(name, DType.I64, shape, b);
    }

    /** An int32 tensor holding a copy of {@code values}. */
    public static TensorData ofInts(String name, long[] shape, int[] values) {
        ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(values.length, 4)).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(values);
        return of(name, DType.I32, shape, b);
    }

    /** A float16 tensor rounding {@code values} to nearest-even half precision. */
    public static TensorData ofFloatsAsF16(String name, long[] shape, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(values.length, 2)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; i++) {
            b.putShort(2 * i, Float16.fromFloat(values[i]));
        }
        return of(name, DType.F16, shape, b);
    }

    /** A bfloat16 tensor rounding {@code values} to nearest-even bfloat16. */
    public static TensorData ofFloatsAsBf16(String name, long[] shape, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(values.length, 2)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; i++) {
            b.putShort(2 * i, Float16.floatToBf16(values[i]));
        }
        return of(name, DType.BF16, shape, b);
    }

    private static long checkedNumel(String name, long[] dims) {
        long n = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor '" + name + "': negative dimension in shape " + Arrays.toString(dims));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** The tensor's name (the checkpoint key). */
    public String name() {
        return name;
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** A copy of the shape, outermost dimension first (PyTorch order). */
    public long[] shape() {
        return shape.clone();
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code axis}; negative axes count from the end. */
    public long dim(int axis) {
        return shape[axis < 0 ? shape.length + axis : axis];
    }

    /** Number of elements (the product of the shape; 1 for a scalar). */
    public long numel() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** Number of bytes of data. */
    public long byteSize() {
        return bytes.capacity();
    }

    /** A read-only little-endian view of the bytes, position 0, limit {@link #byteSize()} (no copy). */
    public ByteBuffer bytes() {
        return bytes.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** True when the bytes live in a direct (for example memory-mapped) buffer rather than on the heap. */
    public boolean isDirect() {
        return bytes.isDirect();
    }

    /** The same data under another name. */
    public TensorData withName(String newName) {
        return new TensorData(Objects.requireNonNull(newName, "name"), dtype, shape, bytes, region);
    }

    /**
     * The same bytes under another shape with the same number of elements.
     *
     * @throws IllegalArgumentException if the element counts differ
     */
    public TensorData reshape(long... newShape) {
        long[] dims = newShape.clone();
        if (checkedNumel(name, dims) != numel()) {
            throw new IllegalArgumentException("tensor '" + name + "': cannot reshape " + Arrays.toString(shape)
                    + " to " + Arrays.toString(dims));
        }
        return of(name, dtype, dims, bytes.duplicate().clear(), region);
    }

    /**
     * All values as float32: F16 and BF16 are upcast exactly, F64 and the integer types are rounded to the
     * nearest float, BOOL gives 0/1, and the block formats are dequantised as ggml does.
     *
     * @throws IllegalStateException if the tensor has more elements than a Java array can hold
     */
    public float[] toFloatArray() {
        int n = arrayLength();
        float[] out = new float[n];
        if (region == null || !(dtype.isFloatingPoint() || dtype.isQuantized())) {
            floats(bytes, out, 0, n);
            return out;
        }
        // a file's tensor: whole blocks at a time from file reads into one small buffer (see FileRegion)
        int blockBytes = dtype.bytesPerBlock();
        int blocksPerChunk = Math.max(1, FileRegion.CHUNK / blockBytes);
        long blocks = n / dtype.blockSize();
        byte[] chunk = new byte[(int) Math.min((long) blocksPerChunk * blockBytes, byteSize())];
        ByteBuffer view = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        for (long b = 0; b < blocks; b += blocksPerChunk) {
            int count = (int) Math.min(blocksPerChunk, blocks - b);
            copyBytes(b * blockBytes, chunk, 0, count * blockBytes);
            floats(view.clear(), out, (int) (b * dtype.blockSize()), count * dtype.blockSize());
        }
        return out;
    }

    /** Converts the first {@code count} values of {@code src} (this tensor's dtype) into {@code out[outOffset ..]}. */
    private void floats(ByteBuffer src, float[] out, int outOffset, int count) {
        switch (dtype) {
            case F32 -> src.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out, outOffset, count);
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    out[outOffset + i] = Float16.toFloat(src.getShort(2 * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    out[outOffset + i] = Float16.bf16ToFloat(src.getShort(2 * i));
                }
            }
            case F64 -> {
                for (int i = 0; i < count; i++) {
                    out[outOffset + i] = (float) src.getDouble(8 * i);
                }
            }
            case Q8_0, Q4_0, Q4_K, Q6_K -> Dequantizer.dequantize(dtype, src, 0, out, outOffset, count / dtype.blockSize());
            default -> {
                for (int i = 0; i < count; i++) {
                    out[outOffset + i] = (float) integerAt(i);
                }
            }
        }
    }

    /**
     * Copies bytes {@code [from, from + length)} of the tensor into {@code dst[dstOffset ..]}: from the file with
     * bounded positional reads when the tensor is a file's mapping (the mapped pages stay untouched), else from
     * the buffer.
     *
     * @throws IndexOutOfBoundsException if either range is out of bounds
     * @throws java.io.UncheckedIOException naming the file if reading it fails
     */
    public void copyBytes(long from, byte[] dst, int dstOffset, int length) {
        Objects.checkFromIndexSize(from, length, byteSize());
        Objects.checkFromIndexSize(dstOffset, length, dst.length);
        if (region == null || !region.read(from, dst, dstOffset, length)) {
            bytes.get((int) from, dst, dstOffset, length);
        }
    }

    /**
     * All values as float64 (F64 kept exactly; other types as {@link #toFloatArray()} then widened).
     */
    public double[] toDoubleArray() {
        int n = arrayLength();
        double[] out = new double[n];
        if (dtype == DType.F64) {
            bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(out);
        } else if (dtype.isInteger() || dtype == DType.BOOL) {
            for (int i = 0; i < n; i++) {
                out[i] = integerAt(i);
            }
        } else {
            float[] f = toFloatArray();
            for (int i = 0; i < n; i++) {
                out[i] = f[i];
            }
        }
        return out;
    }

    /**
     * All values as int64, for the integer types and BOOL (U8 is read unsigned).
     *
     * @throws IllegalStateException if the dtype is a floating-point or block format
     */
    public long[] toLongArray() {
        if (!dtype.isInteger() && dtype != DType.BOOL) {
            throw new IllegalStateException("tensor '" + name + "' is " + dtype + ", not an integer type");
        }
        int n = arrayLength();
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = integerAt(i);
        }
        return out;
    }

    private long integerAt(int i) {
        return switch (dtype) {
            case I64 -> bytes.getLong(8 * i);
            case I32 -> bytes.getInt(4 * i);
            case I16 -> bytes.getShort(2 * i);
            case I8 -> bytes.get(i);
            case U8 -> bytes.get(i) & 0xff;
            case BOOL -> bytes.get(i) != 0 ? 1 : 0;
            default -> throw new IllegalStateException(dtype + " is not an integer type");
        };
    }

    private int arrayLength() {
        long n = numel();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("tensor '" + name + "' has " + n + " elements, too many for one Java array");
        }
        return (int) n;
    }

    @Override
    public String toString() {
        return "TensorData[" + name + ", " + dtype + ", " + Arrays.toString(shape) + "]";
    }
}
