package dev.bindery.tensor.quant;

import dev.bindery.tensor.DType;
import dev.bindery.tensor.TensorData;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Quantises whole tensors to {@link DType#Q8_0} or {@link DType#Q4_0}, row by row along the last dimension (GGML's
 * layout: each row is a run of blocks), bit-exact with ggml's reference quantisers.
 */
public final class Quantizer {
    private Quantizer() {
    }

    /**
     * Quantises float32 {@code values} of the given shape (PyTorch order; the last dimension must be a multiple of
     * 32) to {@code target}.
     *
     * @throws IllegalArgumentException if the target is not Q8_0/Q4_0, the shape does not match the value count,
     *                                  the last dimension is not a multiple of 32, or a value cannot be quantised
     *                                  (the message names the tensor)
     */
    public static TensorData quantize(String name, long[] shape, float[] values, DType target) {
        if (target != DType.Q8_0 && target != DType.Q4_0) {
            throw new IllegalArgumentException("tensor '" + name + "': cannot quantise to " + target
                    + " (supported: Q8_0, Q4_0)");
        }
        long numel = 1;
        for (long d : shape) {
            numel = Math.multiplyExact(numel, d);
        }
        if (numel != values.length) {
            throw new IllegalArgumentException("tensor '" + name + "': shape " + Arrays.toString(shape) + " holds "
                    + numel + " values but " + values.length + " were given");
        }
        long inner = shape.length == 0 ? 1 : shape[shape.length - 1];
        if (inner % target.blockSize() != 0) {
            throw new IllegalArgumentException("tensor '" + name + "': last dimension " + inner + " of shape "
                    + Arrays.toString(shape) + " is not a multiple of the " + target + " block size " + target.blockSize());
        }
        long bytes = target.byteSize(numel);
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor '" + name + "': " + bytes + " bytes of " + target
                    + " do not fit one array");
        }
        byte[] out = new byte[(int) bytes];
        try {
            if (target == DType.Q8_0) {
                Q8_0Quantizer.quantizeRow(values, 0, values.length, out, 0);
            } else {
                Q4_0Quantizer.quantizeRow(values, 0, values.length, out, 0);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tensor '" + name + "': " + e.getMessage(), e);
        }
        return TensorData.of(name, target, shape, ByteBuffer.wrap(out));
    }

    /**
     * Quantises a floating-point tensor (F32, F16, BF16, F64 or a block format, read through
     * {@link TensorData#toFloatArray()}) to {@code target}, keeping its name and shape.
     */
    public static TensorData quantize(TensorData source, DType target) {
        if (!source.dtype().isFloatingPoint() && !source.dtype().isQuantized()) {
            throw new IllegalArgumentException("tensor '" + source.name() + "' is " + source.dtype()
                    + ", not a floating-point tensor that can be quantised");
        }
        return quantize(source.name(), source.shape(), source.toFloatArray(), target);
    }
}
