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
 */
public final class TensorData {
    private final String name;
    private final DType dtype;
    private final long[] shape;
    private final ByteBuffer bytes;

    private TensorData(String name, DType dtype, long[] shape, ByteBuffer bytes) {
        this.name = name;
        this.dtype = dtype;
        this.shape = shape;
        this.bytes = bytes;
    }

    /**
     * Wraps {@code bytes} from its position to its limit (not copied; later writes to the buffer show through).
     *
     * @throws IllegalArgumentException if the shape has a negative dimension, the last dimension is not a whole
     *                                  number of blocks, or the byte count does not match the shape
     */
    public static TensorData of(String name, DType dtype, long[] shape, ByteBuffer bytes) {
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
        if (bytes.remaining() != expected) {
            throw new IllegalArgumentException("tensor '" + name + "': " + dtype + " " + Arrays.toString(dims)
                    + " needs " + expected + " bytes but " + bytes.remaining() + " were given");
        }
        ByteBuffer own = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        return new TensorData(name, dtype, dims, own);
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
        return new TensorData(Objects.requireNonNull(newName, "name"), dtype, shape, bytes);
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
        return of(name, dtype, dims, bytes.duplicate().clear());
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
        ByteBuffer b = bytes;
        switch (dtype) {
            case F32 -> b.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Float16.toFloat(b.getShort(2 * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Float16.bf16ToFloat(b.getShort(2 * i));
                }
            }
            case F64 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) b.getDouble(8 * i);
                }
            }
            case Q8_0, Q4_0, Q4_K, Q6_K -> Dequantizer.dequantize(dtype, b, 0, out, 0, n / dtype.blockSize());
            default -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) integerAt(i);
                }
            }
        }
        return out;
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
