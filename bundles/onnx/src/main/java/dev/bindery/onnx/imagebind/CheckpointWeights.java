package dev.bindery.onnx.imagebind;

import dev.bindery.onnx.TensorSource;
import dev.bindery.tensor.DType;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.FormatException;
import dev.bindery.tensor.io.TorchCheckpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Reads ImageBind tensors from a checkpoint with shape checks that name the file and the key, and turns them into
 * graph initializer sources: as stored (F32 streamed from the mapped file), or transformed lazily (transposed,
 * summed over an axis), so a transform costs memory for one tensor at a time and only while the model is written.
 */
final class CheckpointWeights {
    private final TorchCheckpoint checkpoint;

    CheckpointWeights(TorchCheckpoint checkpoint) {
        this.checkpoint = checkpoint;
    }

    String file() {
        return checkpoint.file().toString();
    }

    boolean has(String key) {
        return checkpoint.contains(key);
    }

    /** The shape of a tensor that must exist. */
    long[] shape(String key) throws FormatException {
        if (!checkpoint.contains(key)) {
            throw new FormatException(file(), key, "missing from the checkpoint (is this an ImageBind state dict?)");
        }
        return checkpoint.shape(key);
    }

    /** The shape of a tensor that must exist with {@code rank} dimensions. */
    long[] shape(String key, int rank) throws FormatException {
        long[] s = shape(key);
        if (s.length != rank) {
            throw new FormatException(file(), key, "has shape " + Arrays.toString(s) + ", expected " + rank
                    + " dimensions");
        }
        return s;
    }

    /** Checks that a tensor exists with exactly this shape. */
    void expect(String key, long... expected) throws FormatException {
        long[] s = shape(key);
        if (!Arrays.equals(s, expected)) {
            throw new FormatException(file(), key, "has shape " + Arrays.toString(s) + ", expected "
                    + Arrays.toString(expected));
        }
    }

    TensorData tensor(String key) throws IOException {
        shape(key);
        TensorData t = checkpoint.get(key);
        DType d = t.dtype();
        if (d != DType.F32 && d != DType.F16 && d != DType.BF16 && d != DType.F64) {
            throw new FormatException(file(), key, "is " + d + ", expected a floating-point tensor");
        }
        return t;
    }

    float[] floats(String key) throws IOException {
        return tensor(key).toFloatArray();
    }

    /** The tensor as float32 bytes, in its stored layout. */
    TensorSource asStored(String key) throws IOException {
        TensorData t = tensor(key);
        if (t.dtype() == DType.F32) {
            return TensorSource.ofBytes(t.bytes());
        }
        return lazyFloats(t.numel(), t::toFloatArray);
    }

    /** A 2-D {@code (rows, cols)} tensor as {@code (cols, rows)}: a PyTorch Linear weight laid out for MatMul. */
    TensorSource transposed(String key) throws IOException {
        TensorData t = tensor(key);
        if (t.rank() != 2) {
            throw new FormatException(file(), key, "has shape " + Arrays.toString(t.shape()) + ", expected a matrix");
        }
        int rows = (int) t.dim(0);
        int cols = (int) t.dim(1);
        return lazyFloats(t.numel(), () -> {
            float[] in = t.toFloatArray();
            float[] out = new float[in.length];
            for (int r = 0; r < rows; r++) {
                int base = r * cols;
                for (int c = 0; c < cols; c++) {
                    out[c * rows + r] = in[base + c];
                }
            }
            return out;
        });
    }

    /** Float32 bytes computed only when the model is written. */
    static TensorSource lazyFloats(long count, FloatSupplier compute) {
        return new TensorSource() {
            @Override
            public long byteSize() {
                return count * 4;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                float[] values = compute.get();
                if (values.length != count) {
                    throw new IOException("computed " + values.length + " values, expected " + count);
                }
                ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
                int i = 0;
                while (i < values.length) {
                    chunk.clear();
                    int n = Math.min(values.length - i, chunk.capacity() / 4);
                    chunk.asFloatBuffer().put(values, i, n);
                    out.write(chunk.array(), 0, n * 4);
                    i += n;
                }
            }
        };
    }

    /** Computes a float array (may read the checkpoint). */
    interface FloatSupplier {
        float[] get() throws IOException;
    }
}
