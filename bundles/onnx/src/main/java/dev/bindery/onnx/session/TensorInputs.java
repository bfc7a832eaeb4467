package dev.bindery.onnx.session;

import dev.bindery.api.InvalidInputException;
import dev.bindery.api.modality.ModalityInput;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.Npy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads numeric inputs of a fixed item shape: a {@link ModalityInput.Kind#TENSOR tensor} input, or an {@code .npy}
 * array given as a file or as bytes. The shape must be the item shape, optionally with a leading 1.
 */
public final class TensorInputs {
    /** Largest .npy file read: 256 MiB (a 6 x 2000 IMU window is 48 KB, a 3 x 224 x 224 image 600 KB). */
    public static final long MAX_NPY_BYTES = 256L << 20;
    private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private TensorInputs() {
    }

    /** True when {@code bytes} start like an .npy file. */
    public static boolean looksLikeNpy(byte[] bytes) {
        if (bytes.length < NPY_MAGIC.length) {
            return false;
        }
        return Arrays.equals(Arrays.copyOf(bytes, NPY_MAGIC.length), NPY_MAGIC);
    }

    /**
     * The input's values as float32, checked against {@code itemShape}.
     *
     * @throws InvalidInputException naming the input for an unreadable file, a non-.npy content, a wrong shape or a
     *                               non-numeric dtype
     */
    public static float[] floats(ModalityInput input, long[] itemShape) throws InvalidInputException {
        switch (input.kind()) {
            case TENSOR:
                return checked(input.describe(), input.shape().orElseThrow(), input.tensor().orElseThrow(), itemShape);
            case FILE:
                return npyFile(input.file().orElseThrow(), input.describe(), itemShape);
            case BYTES:
                byte[] bytes = input.bytes().orElseThrow();
                if (!looksLikeNpy(bytes)) {
                    throw new InvalidInputException(input.describe() + " is not an .npy array");
                }
                return npy(ByteBuffer.wrap(bytes), input.describe(), itemShape);
            default:
                throw new InvalidInputException(input.describe() + " is text; a tensor of shape "
                        + Arrays.toString(itemShape) + " is expected");
        }
    }

    /** Reads an .npy file of the item shape. */
    public static float[] npyFile(Path file, String what, long[] itemShape) throws InvalidInputException {
        try {
            long size = Files.size(file);
            if (size > MAX_NPY_BYTES) {
                throw new InvalidInputException(what + " is " + size + " bytes, above the limit of " + MAX_NPY_BYTES);
            }
            return npy(ByteBuffer.wrap(Files.readAllBytes(file)), what, itemShape);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(what + ": the file does not exist", e);
        } catch (IOException e) {
            throw new InvalidInputException(what + ": cannot read the file: " + e.getMessage(), e);
        }
    }

    private static float[] npy(ByteBuffer bytes, String what, long[] itemShape) throws InvalidInputException {
        TensorData t;
        try {
            t = Npy.parse(bytes, what, "array");
        } catch (IOException e) {
            throw new InvalidInputException(what + " is not a readable .npy array: " + e.getMessage(), e);
        }
        if (!t.dtype().isFloatingPoint() && !t.dtype().isInteger()) {
            throw new InvalidInputException(what + " holds " + t.dtype() + " values; a numeric array is expected");
        }
        return checked(what, t.shape(), t.toFloatArray(), itemShape);
    }

    private static float[] checked(String what, long[] shape, float[] values, long[] itemShape)
            throws InvalidInputException {
        boolean exact = Arrays.equals(shape, itemShape);
        boolean batchOfOne = shape.length == itemShape.length + 1 && shape[0] == 1
                && Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), itemShape);
        if (!exact && !batchOfOne) {
            throw new InvalidInputException(what + " has shape " + Arrays.toString(shape) + "; expected "
                    + Arrays.toString(itemShape) + " (or with a leading 1)");
        }
        return values;
    }
}
