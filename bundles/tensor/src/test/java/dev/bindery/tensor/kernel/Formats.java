package dev.bindery.tensor.kernel;

import dev.bindery.tensor.DType;
import dev.bindery.tensor.Dequantizer;
import dev.bindery.tensor.Float16;
import java.nio.ByteBuffer;
import java.util.Random;

/** Random matrices in each storage format, and their values decoded by the core (scalar) converters. */
final class Formats {
    private Formats() {
    }

    static final DType[] MATRIX_TYPES = {DType.F32, DType.F16, DType.BF16, DType.Q8_0, DType.Q4_0};

    /** Random storage for a rows x cols matrix of {@code type} with values of order 1 (finite scales). */
    static byte[] randomBytes(Random rnd, DType type, int rows, int cols, int pad) {
        long n = (long) rows * cols;
        byte[] data = new byte[pad + (int) type.byteSize(n)];
        switch (type) {
            case F32 -> {
                for (int i = 0; i < n; i++) {
                    int bits = Float.floatToRawIntBits((float) rnd.nextGaussian());
                    put32(data, pad + 4 * i, bits);
                }
            }
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    put16(data, pad + 2 * i, Float16.fromFloat((float) rnd.nextGaussian()));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    put16(data, pad + 2 * i, Float16.floatToBf16((float) rnd.nextGaussian()));
                }
            }
            case Q8_0, Q4_0 -> {
                byte[] body = new byte[data.length - pad];
                rnd.nextBytes(body);
                System.arraycopy(body, 0, data, pad, body.length);
                for (int at = pad; at < data.length; at += type.bytesPerBlock()) {
                    put16(data, at, Float16.fromFloat((float) (0.01 + 0.05 * rnd.nextDouble())));
                }
            }
            default -> throw new IllegalArgumentException(type.toString());
        }
        return data;
    }

    static Matrix matrix(DType type, int rows, int cols, byte[] data, int pad) {
        return switch (type) {
            case F32 -> {
                float[] v = new float[rows * cols];
                ByteBuffer.wrap(data, pad, 4 * v.length).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
                yield new F32Matrix(rows, cols, v);
            }
            case F16 -> new F16Matrix(rows, cols, data, pad);
            case BF16 -> new BF16Matrix(rows, cols, data, pad);
            case Q8_0 -> new Q8_0Matrix(rows, cols, data, pad);
            case Q4_0 -> new Q4_0Matrix(rows, cols, data, pad);
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    /** Values decoded by the core package's scalar code (Float16, Dequantizer), independent of the kernels. */
    static float[] reference(DType type, int rows, int cols, byte[] data, int pad) {
        int n = rows * cols;
        float[] out = new float[n];
        ByteBuffer b = ByteBuffer.wrap(data).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case F32 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = b.getFloat(pad + 4 * i);
                }
            }
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Float16.toFloat(b.getShort(pad + 2 * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Float16.bf16ToFloat(b.getShort(pad + 2 * i));
                }
            }
            default -> Dequantizer.dequantize(type, b, pad, out, 0, n / type.blockSize());
        }
        return out;
    }

    /** Column counts to test for a format: odd ones for scalar formats, whole blocks for block formats. */
    static int[] colsFor(DType type) {
        return type.isQuantized() ? new int[] {32, 64, 96, 160, 1024, 1056} : new int[] {1, 7, 17, 33, 100, 257, 1031};
    }

    private static void put16(byte[] d, int at, short v) {
        d[at] = (byte) v;
        d[at + 1] = (byte) (v >>> 8);
    }

    private static void put32(byte[] d, int at, int v) {
        d[at] = (byte) v;
        d[at + 1] = (byte) (v >>> 8);
        d[at + 2] = (byte) (v >>> 16);
        d[at + 3] = (byte) (v >>> 24);
    }
}
