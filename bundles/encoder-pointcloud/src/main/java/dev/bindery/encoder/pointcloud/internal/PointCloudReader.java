package dev.bindery.encoder.pointcloud.internal;

import dev.bindery.api.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads a point file into a {@link PointCloud}, choosing the format by the file extension: {@code .ply} (ascii and
 * binary), {@code .pcd} (ascii, binary, binary_compressed), {@code .xyz}/{@code .txt}, {@code .pts}, {@code .off},
 * {@code .obj} (vertex lines) and {@code .npy}. Only xyz is kept; colours, normals and other properties are
 * ignored. The values are exactly those upstream's {@code load_and_transform_point_cloud_data} returns for the same
 * file (open3d and the {@code .obj} parser: float64; {@code .npy}: its own dtype).
 *
 * <p>Limits, so that no file can exhaust memory: at most {@link #maxPoints()} points (default
 * {@value #DEFAULT_MAX_POINTS}; farthest point sampling to 8192 costs about {@code 8192 x N} distance evaluations,
 * a few seconds at this size), files of at most {@link #maxFileBytes()} bytes (default 2 GiB) and text lines of at
 * most {@value #MAX_LINE_BYTES} bytes. PLY and PCD headers are checked against the file size before any data is
 * read or any buffer is sized by them. Every problem (missing, empty, malformed, truncated or declaring more data
 * than the file holds, NaN or infinite coordinates, too many points) is an {@link InvalidInputException} that names
 * the file and, for text, the line. Thread-safe: instances hold only their limits.
 */
public final class PointCloudReader {
    /** The default point limit. */
    public static final int DEFAULT_MAX_POINTS = 2_000_000;
    /** The default file size limit. */
    public static final long DEFAULT_MAX_FILE_BYTES = 2L << 30;
    /** The longest text line accepted (headers and data lines). */
    public static final int MAX_LINE_BYTES = 1 << 20;

    private static final PointCloudReader DEFAULT = new PointCloudReader(DEFAULT_MAX_POINTS, DEFAULT_MAX_FILE_BYTES);

    private final int maxPoints;
    private final long maxFileBytes;

    /** A reader with its own limits (both positive). */
    public PointCloudReader(int maxPoints, long maxFileBytes) {
        if (maxPoints < 1 || maxFileBytes < 1) {
            throw new IllegalArgumentException("limits must be positive: " + maxPoints + " points, " + maxFileBytes
                    + " bytes");
        }
        this.maxPoints = maxPoints;
        this.maxFileBytes = maxFileBytes;
    }

    /** Reads {@code file} with the default limits. */
    public static PointCloud read(Path file) throws InvalidInputException {
        return DEFAULT.load(file);
    }

    /** The most points a file may hold. */
    public int maxPoints() {
        return maxPoints;
    }

    /** The largest file accepted, in bytes. */
    public long maxFileBytes() {
        return maxFileBytes;
    }

    /** The formats, by extension. */
    enum Format { PLY, PCD, XYZ, PTS, OFF, OBJ, NPY }

    /** The format for a file name, or null when the extension is not a point format. */
    static Format formatOf(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        switch (ext) {
            case "ply": return Format.PLY;
            case "pcd": return Format.PCD;
            case "xyz": case "txt": return Format.XYZ;
            case "pts": return Format.PTS;
            case "off": return Format.OFF;
            case "obj": return Format.OBJ;
            case "npy": return Format.NPY;
            default: return null;
        }
    }

    /** Reads {@code path} with this reader's limits. */
    public PointCloud load(Path path) throws InvalidInputException {
        String file = path.toString();
        Format format = formatOf(path.getFileName() == null ? "" : path.getFileName().toString());
        if (format == null) {
            throw PointFileErrors.of(file, "unknown point format; expected .ply, .pcd, .xyz, .txt, .pts, .off, "
                    + ".obj or .npy");
        }
        long size;
        try {
            if (!Files.isRegularFile(path)) {
                throw PointFileErrors.of(file, Files.exists(path) ? "is not a regular file" : "does not exist");
            }
            size = Files.size(path);
        } catch (IOException e) {
            throw PointFileErrors.io(file, e);
        }
        if (size == 0) {
            throw PointFileErrors.of(file, "is empty");
        }
        if (size > maxFileBytes) {
            throw PointFileErrors.of(file, size + " bytes exceed the limit of " + maxFileBytes
                    + " (PointCloudReader.maxFileBytes)");
        }
        if (format == Format.NPY) {
            return NpyPointReader.read(path, file, maxPoints);
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            return readStream(in, format, file, size);
        } catch (NoSuchFileException e) {
            throw PointFileErrors.of(file, "does not exist");
        } catch (IOException e) {
            throw PointFileErrors.io(file, e);
        }
    }

    /**
     * Reads a point file held in memory (an upload) in a known format, with this reader's limits.
     *
     * @param source names the bytes in messages, like a file name
     */
    PointCloud load(byte[] bytes, Format format, String source) throws InvalidInputException {
        if (bytes.length == 0) {
            throw PointFileErrors.of(source, "is empty");
        }
        if (bytes.length > maxFileBytes) {
            throw PointFileErrors.of(source, bytes.length + " bytes exceed the limit of " + maxFileBytes
                    + " (PointCloudReader.maxFileBytes)");
        }
        if (format == Format.NPY) {
            return NpyPointReader.read(ByteBuffer.wrap(bytes), source, maxPoints);
        }
        return readStream(new ByteArrayInputStream(bytes), format, source, bytes.length);
    }

    private PointCloud readStream(InputStream in, Format format, String file, long size) throws InvalidInputException {
        switch (format) {
            case PLY: return PlyReader.read(in, file, size, maxPoints, MAX_LINE_BYTES);
            case PCD: return PcdReader.read(in, file, size, maxPoints, MAX_LINE_BYTES);
            case XYZ: return XyzReader.read(in, file, maxPoints, MAX_LINE_BYTES, false);
            case PTS: return XyzReader.read(in, file, maxPoints, MAX_LINE_BYTES, true);
            case OFF: return OffReader.read(in, file, maxPoints, MAX_LINE_BYTES);
            case OBJ: return ObjReader.read(in, file, maxPoints, MAX_LINE_BYTES);
            default: throw new AssertionError(format);
        }
    }
}
