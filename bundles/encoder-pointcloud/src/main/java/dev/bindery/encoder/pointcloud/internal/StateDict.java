package dev.bindery.encoder.pointcloud.internal;

import dev.bindery.api.ModelMismatchException;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.kernel.Matrices;
import dev.bindery.tensor.kernel.Matrix;
import java.util.Arrays;
import java.util.Map;

/** Typed, shape-checked access to a state dict; every refusal names the source, the key and the problem. */
final class StateDict {
    private final Map<String, TensorData> tensors;
    private final String source;

    StateDict(Map<String, TensorData> tensors, String source) {
        this.tensors = tensors;
        this.source = source;
    }

    String source() {
        return source;
    }

    boolean contains(String key) {
        return tensors.containsKey(key);
    }

    /** The tensor under {@code key}; a dimension of -1 in {@code shape} accepts any size. */
    TensorData tensor(String key, long... shape) throws ModelMismatchException {
        TensorData t = tensors.get(key);
        if (t == null) {
            throw new ModelMismatchException(source + ": key '" + key + "' is missing");
        }
        long[] actual = t.shape();
        boolean ok = actual.length == shape.length;
        for (int i = 0; ok && i < shape.length; i++) {
            ok = shape[i] < 0 || shape[i] == actual[i];
        }
        if (!ok) {
            throw new ModelMismatchException(source + ": key '" + key + "' has shape " + Arrays.toString(actual)
                    + ", expected " + Arrays.toString(shape).replace("-1", "*"));
        }
        if (!t.dtype().isFloatingPoint()) {
            throw new ModelMismatchException(source + ": key '" + key + "' has dtype " + t.dtype()
                    + ", expected a floating-point type");
        }
        return t;
    }

    /** The values of a tensor as float32. */
    float[] floats(String key, long... shape) throws ModelMismatchException {
        return tensor(key, shape).toFloatArray();
    }

    /** A tensor holding a single value (a 0-d scalar or any shape of one element). */
    float scalar(String key) throws ModelMismatchException {
        TensorData t = tensors.get(key);
        if (t == null) {
            throw new ModelMismatchException(source + ": key '" + key + "' is missing");
        }
        if (t.numel() != 1 || !t.dtype().isFloatingPoint()) {
            throw new ModelMismatchException(source + ": key '" + key + "' (" + t.dtype() + " "
                    + Arrays.toString(t.shape()) + ") is not a floating-point scalar");
        }
        return t.toFloatArray()[0];
    }

    /** A weight matrix in its storage format ({@code (out, in)} or a {@code (out, in, 1)} convolution). */
    Matrix matrix(String key, long... shape) throws ModelMismatchException {
        return Matrices.of(tensor(key, shape));
    }

    /** The size of dimension {@code axis} of the tensor under {@code key}. */
    int dim(String key, int axis) throws ModelMismatchException {
        TensorData t = tensors.get(key);
        if (t == null) {
            throw new ModelMismatchException(source + ": key '" + key + "' is missing");
        }
        if (axis >= t.rank()) {
            throw new ModelMismatchException(source + ": key '" + key + "' has shape " + Arrays.toString(t.shape())
                    + ", expected at least " + (axis + 1) + " dimensions");
        }
        return Math.toIntExact(t.dim(axis));
    }
}
