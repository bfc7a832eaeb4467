package dev.bindery.encoder.pointcloud.internal;

import dev.bindery.api.InvalidInputException;
import dev.bindery.tensor.DType;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.Npy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a {@code .npy} array of shape {@code (N, C)} with {@code C >= 3}, float32 or float64 (little-endian,
 * C order): the first three columns are the points (further columns, e.g. normals or colours, are ignored; upstream
 * would hand them to the model, which only takes xyz). The precision is the array's, as {@code np.load} returns it.
 */
final class NpyPointReader {
    private NpyPointReader() {
    }

    static PointCloud read(Path path, String file, int maxPoints) throws InvalidInputException {
        TensorData t;
        try {
            t = Npy.read(path);
        } catch (IOException e) {
            throw new InvalidInputException("point cloud file " + file + ": not a readable .npy array: "
                    + e.getMessage(), e);
        }
        return points(t, file, maxPoints);
    }

    /** The same for {@code .npy} bytes held in memory (an upload). */
    static PointCloud read(ByteBuffer bytes, String file, int maxPoints) throws InvalidInputException {
        TensorData t;
        try {
            t = Npy.parse(bytes, file, "points");
        } catch (IOException e) {
            throw new InvalidInputException("point cloud file " + file + ": not a readable .npy array: "
                    + e.getMessage(), e);
        }
        return points(t, file, maxPoints);
    }

    private static PointCloud points(TensorData t, String file, int maxPoints) throws InvalidInputException {
        if (t.dtype() != DType.F32 && t.dtype() != DType.F64) {
            throw PointFileErrors.of(file, ".npy dtype " + t.dtype() + " is not float32 or float64");
        }
        long[] shape = t.shape();
        if (shape.length != 2 || shape[1] < 3) {
            throw PointFileErrors.of(file, ".npy array of shape " + Arrays.toString(shape)
                    + " is not N x 3 (or N x C with C >= 3)");
        }
        PointSink.checkDeclared(file, shape[0], maxPoints, "the .npy shape");
        int n = (int) shape[0];
        long columns = shape[1];
        int size = t.dtype() == DType.F32 ? 4 : 8;
        ByteBuffer b = t.bytes();
        PointSink sink = new PointSink(file, maxPoints, n);
        double[] v = new double[3];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < 3; a++) {
                int offset = Math.toIntExact(((long) i * columns + a) * size);
                v[a] = size == 4 ? b.getFloat(offset) : b.getDouble(offset);
            }
            sink.add(v[0], v[1], v[2], 0);
        }
        return sink.finish(size == 4 ? PointCloud.Precision.FLOAT32 : PointCloud.Precision.FLOAT64);
    }
}
