package dev.bindery.encoder.pointcloud.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.InvalidInputException;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.Npy;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad point files: each is refused with an {@link InvalidInputException} naming the file and the problem. */
class PointFileErrorsTest {
    @TempDir
    Path dir;

    private Path write(String name, byte[] content) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, content);
        return f;
    }

    private Path write(String name, String content) throws Exception {
        return write(name, content.getBytes(StandardCharsets.US_ASCII));
    }

    /** Asserts reading fails with a message naming the file and containing every fragment. */
    private static void refused(PointCloudReader reader, Path f, String... fragments) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> reader.load(f), f.toString());
        String m = e.getMessage();
        assertTrue(m.contains(f.toString()), "message names the file: " + m);
        for (String fragment : fragments) {
            assertTrue(m.contains(fragment), "message contains '" + fragment + "': " + m);
        }
    }

    private static void refused(Path f, String... fragments) {
        refused(new PointCloudReader(PointCloudReader.DEFAULT_MAX_POINTS, PointCloudReader.DEFAULT_MAX_FILE_BYTES), f,
                fragments);
    }

    @Test
    void emptyAndPointlessFiles() throws Exception {
        for (String name : new String[] {"a.ply", "a.pcd", "a.xyz", "a.pts", "a.off", "a.obj", "a.npy"}) {
            refused(write(name, new byte[0]), "is empty");
        }
        refused(write("none.ply", "ply\nformat ascii 1.0\nelement vertex 0\nproperty float x\nproperty float y\n"
                + "property float z\nend_header\n"), "contains no points");
        refused(write("comments.xyz", "# nothing\n\n"), "contains no points");
        refused(write("faces.obj", "vn 0 0 1\nf 1 2 3\n"), "contains no points");
        refused(write("zero.npy", npy(new long[] {0, 3}, new float[0])), "contains no points");
    }

    @Test
    void malformedText() throws Exception {
        refused(write("bad.xyz", "1 2 3\n4 five 6\n"), "line 2", "'five' is not a number");
        refused(write("short.xyz", "1 2 3\n4 5\n"), "line 2", "expected three numbers");
        refused(write("java.xyz", "1 2 3f\n"), "line 1");
        refused(write("hex.xyz", "0x1p3 2 3\n"), "line 1");
        refused(write("bad.obj", "v 1 2\n"), "line 1", "three numbers");
        refused(write("bad.ply", "ply\nformat ascii 1.0\nelement vertex 2\nproperty float x\nproperty float y\n"
                + "property float z\nend_header\n1 2 3\n4 x 6\n"), "line 9", "not a float32");
        refused(write("range.ply", "ply\nformat ascii 1.0\nelement vertex 1\nproperty uchar x\nproperty float y\n"
                + "property float z\nend_header\n300 2 3\n"), "not a uint8");
        refused(write("nofmt.ply", "ply\nelement vertex 1\nproperty float x\nend_header\n1\n"), "no format");
        refused(write("noz.ply", "ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\n"
                + "end_header\n1 2\n"), "no scalar property 'z'");
        refused(write("foreign.ply", new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10}), "not a PLY file");
        refused(write("nodata.pcd", "VERSION 0.7\nFIELDS x y z\nSIZE 4 4 4\nTYPE F F F\n"), "no DATA line");
        refused(write("noz.pcd", "FIELDS x y\nSIZE 4 4\nTYPE F F\nPOINTS 1\nDATA ascii\n1 2\n"), "no field 'z'");
        refused(write("count.pts", "many\n1 2 3\n"), "starts with the point count");
        refused(write("binary.off", "OFF BINARY\n"), "binary OFF");
        refused(write("notoff.off", "PLY\n"), "not an OFF file");
        refused(write("bad.npy", "not numpy at all"), "not a readable .npy");
        refused(write("ints.npy", npyLongs(new long[] {2, 3}, new long[6])), "not float32 or float64");
        refused(write("flat.npy", npy(new long[] {2, 2}, new float[4])), "is not N x 3");
        refused(write("cloud.las", "x"), "unknown point format");
    }

    @Test
    void nonFiniteCoordinates() throws Exception {
        refused(write("nan.xyz", "1 2 3\nnan 0 0\n"), "line 2", "not a finite number");
        refused(write("inf.obj", "v 1 2 3\nv 0 -inf 0\n"), "line 2", "not a finite number");
        float[] values = {1, 2, 3, 4, Float.NaN, 6};
        refused(write("nan.npy", npy(new long[] {2, 3}, values)), "point 1", "not a finite number");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("ply\nformat binary_little_endian 1.0\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\nend_header\n".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(1).putFloat(Float.NaN)
                .putFloat(0).array());
        refused(write("nan.ply", out.toByteArray()), "point 0", "not a finite number");
    }

    @Test
    void truncatedAndCorruptBinaryData() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("ply\nformat binary_big_endian 1.0\nelement vertex 3\nproperty double x\nproperty double y\nproperty double z\nend_header\n".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[24 * 2 + 5]);
        refused(write("cut.ply", out.toByteArray()), "truncated");
        String header = "FIELDS x y z\nSIZE 4 4 4\nTYPE F F F\nPOINTS 4\n";
        out.reset();
        out.writeBytes((header + "DATA binary\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[40]);
        refused(write("cut.pcd", out.toByteArray()), "truncated");
        out.reset();
        out.writeBytes((header + "DATA binary_compressed\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(3).putInt(48).array());
        out.writeBytes(new byte[] {(byte) 0xe0, 5, 9}); // a back reference before the start of the data
        refused(write("corrupt.pcd", out.toByteArray()), "corrupt binary_compressed");
        out.reset();
        out.writeBytes((header + "DATA binary_compressed\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(3).putInt(47).array());
        refused(write("size.pcd", out.toByteArray()), "states 47 bytes");
        refused(write("cut.xyz.pts", "5\n1 2 3\n"), "truncated");
        refused(write("cut.off", "OFF\n3 0 0\n1 2 3\n"), "truncated");
        refused(write("cut2.ply", "ply\nformat ascii 1.0\nelement vertex 2\nproperty float x\nproperty float y\n"
                + "property float z\nend_header\n1 2 3\n"), "truncated");
    }

    @Test
    void limitsBoundMemoryBeforeReading() throws Exception {
        PointCloudReader small = new PointCloudReader(10, 1 << 20);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 11; i++) {
            s.append(i).append(" 0 0\n");
        }
        refused(small, write("eleven.xyz", s.toString()), "more than 10 points", "limit");
        refused(small, write("claims.ply", "ply\nformat binary_little_endian 1.0\nelement vertex 4000000000\n"
                + "property float x\nproperty float y\nproperty float z\nend_header\n"), "4000000000 points", "limit");
        refused(small, write("claims.pcd", "FIELDS x y z\nSIZE 4 4 4\nTYPE F F F\nPOINTS 99\nDATA binary\n"),
                "99 points", "limit");
        refused(small, write("claims.npy", npy(new long[] {11, 3}, new float[33])), "11 points", "limit");
        refused(new PointCloudReader(10, 16), write("big.xyz", "1 2 3\n4 5 6\n7 8 9\n"), "exceed the limit of 16");
        char[] line = new char[PointCloudReader.MAX_LINE_BYTES + 1];
        Arrays.fill(line, '1');
        refused(write("long.xyz", new String(line)), "line 1", "longer than");
    }

    @Test
    void missingAndNonRegularFiles() throws Exception {
        refused(dir.resolve("absent.ply"), "does not exist");
        Path sub = Files.createDirectory(dir.resolve("folder.ply"));
        refused(sub, "not a regular file");
    }

    private static byte[] npy(long[] shape, float[] values) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, TensorData.ofFloats("t", shape, values));
        return out.toByteArray();
    }

    private static byte[] npyLongs(long[] shape, long[] values) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, TensorData.ofLongs("t", shape, values));
        return out.toByteArray();
    }
}
