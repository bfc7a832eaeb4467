package dev.bindery.encoder.pointcloud.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.api.InvalidInputException;
import dev.bindery.api.modality.Modality;
import dev.bindery.api.modality.ModalityInput;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.Npy;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

    /** The most heap a refusal of one of the small hostile files below may allocate. */
    private static final long CHEAP_BYTES = 16L << 20;

    /**
     * As {@link #refused(Path, String...)}, and the refusal comes within seconds (no loop over a declared count) and
     * allocates less than {@link #CHEAP_BYTES} (nothing sized by what the header declares).
     */
    private static void refusedCheaply(Path f, String... fragments) {
        long allocated = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = mx.getCurrentThreadAllocatedBytes();
            refused(f, fragments);
            return mx.getCurrentThreadAllocatedBytes() - before;
        }, f + " is refused in constant time");
        assertTrue(allocated < CHEAP_BYTES, f + ": refusing it allocated " + allocated + " bytes");
    }

    private static byte[] concat(String header, ByteBuffer body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        out.write(body.array(), 0, body.position());
        return out.toByteArray();
    }

    private static ByteBuffer le(int capacity) {
        return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static String repeat(String s, int n) {
        return (" " + s).repeat(n);
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
    void plyElementCountsAreCheckedAgainstTheFileSizeBeforeReading() throws Exception {
        String vertex = "element vertex 1\nproperty float x\nproperty float y\nproperty float z\nend_header\n";
        // ASCII: a huge element before the vertices was walked value by value (into the vertex data).
        refusedCheaply(write("junk.ply", "ply\nformat ascii 1.0\nelement junk 9000000000000000000\nproperty int a\n"
                + vertex + "1 2 3\n"), "element 'junk'", "9000000000000000000", "more data than any file can hold");
        refusedCheaply(write("faces.ply", "ply\nformat ascii 1.0\nelement face 4000000000\n"
                + "property list uchar int vertex_indices\n" + vertex + "3 0 1 2\n1 2 3\n"), "truncated", "element 'face'",
                "4000000000 instances", "only 14 bytes follow the header");
        // Binary: count x size overflowed (2^62 x 4 bytes = 0) and the vertices were read from the junk, silently.
        String binary = "ply\nformat binary_little_endian 1.0\n";
        ByteBuffer junkThenVertex = le(16).putInt(7).putFloat(1).putFloat(2).putFloat(3);
        refusedCheaply(write("wrap.ply", concat(binary + "element junk 4611686018427387904\nproperty int a\n" + vertex,
                junkThenVertex)), "element 'junk'", "4611686018427387904", "more data than any file can hold");
        refusedCheaply(write("skip.ply", concat(binary + "element junk 1000000000000\nproperty double a\n" + vertex,
                junkThenVertex)), "truncated", "element 'junk'", "1000000000000 instances");
        refusedCheaply(write("lists.ply", concat(binary + "element face 9000000000000000000\n"
                + "property list uchar int vertex_indices\n" + vertex, junkThenVertex)), "truncated", "element 'face'",
                "9000000000000000000");
        // The vertices a header declares must fit too: 2,000,000 (the limit) of 12 bytes, from a 150-byte file.
        refusedCheaply(write("claims.ply", concat(binary + vertex.replace("vertex 1", "vertex 2000000"),
                le(12).putFloat(1).putFloat(2).putFloat(3))), "truncated", "24000000 bytes", "element 'vertex'");
        // Uploads are held to their own length the same way.
        byte[] upload = Files.readAllBytes(dir.resolve("wrap.ply"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new PointInputs(100)
                .read(ModalityInput.ofBytes(Modality.POINT, upload, "model/x-ply")));
        assertTrue(e.getMessage().contains("more data than any file can hold"), e.getMessage());
    }

    @Test
    void pcdRecordSizesUseExactArithmeticAndMustFitTheFile() throws Exception {
        ByteBuffer onePoint = le(12).putFloat(1).putFloat(2).putFloat(3);
        // 12 + 4096 x 8 x 65536 bytes = 2^31 + 12: an int record size wrapped negative and read (0, 0, 0).
        refusedCheaply(write("wrap.pcd", concat("FIELDS x y z" + repeat("d", 4096) + "\nSIZE 4 4 4" + repeat("8", 4096)
                + "\nTYPE F F F" + repeat("F", 4096) + "\nCOUNT 1 1 1" + repeat("65536", 4096)
                + "\nPOINTS 1\nDATA binary\n", onePoint)), "PCD point record of 2147483660 bytes", "limit");
        // 256 MiB records were allocated before the first read found the file too short.
        refusedCheaply(write("huge.pcd", concat("FIELDS x y z" + repeat("d", 512) + "\nSIZE 4 4 4" + repeat("8", 512)
                + "\nTYPE F F F" + repeat("F", 512) + "\nCOUNT 1 1 1" + repeat("65536", 512)
                + "\nPOINTS 1\nDATA binary\n", onePoint)), "PCD point record of 268435468 bytes", "limit");
        // Records within the limit: POINTS x record size must fit in what follows the header.
        refusedCheaply(write("claims.pcd", concat("FIELDS x y z d\nSIZE 4 4 4 8\nTYPE F F F F\nCOUNT 1 1 1 100\n"
                + "POINTS 2000000\nDATA binary\n", le(812).put(new byte[812]))), "truncated", "POINTS 2000000",
                "812-byte records", "1624000000 bytes");
        // ASCII: 2^31 + 3 values per point wrapped negative, and the line was read as if it held them.
        refusedCheaply(write("wrap-ascii.pcd", "FIELDS x y z" + repeat("d", 32768) + "\nSIZE 4 4 4"
                + repeat("4", 32768) + "\nTYPE F F F" + repeat("F", 32768) + "\nCOUNT 1 1 1" + repeat("65536", 32768)
                + "\nPOINTS 1\nDATA ascii\n1 2 3\n"), "2147483651 values", "cannot fit on a line");
        refusedCheaply(write("claims-ascii.pcd", "FIELDS x y z\nSIZE 4 4 4\nTYPE F F F\nPOINTS 2000000\n"
                + "DATA ascii\n1 2 3\n"), "truncated", "POINTS 2000000", "bytes follow the header");
        // Without POINTS, WIDTH x HEIGHT = 2^64 + 1 wrapped to 1 and one point was read as the whole cloud.
        refused(write("area.pcd", "FIELDS x y z\nSIZE 4 4 4\nTYPE F F F\nWIDTH 274177\nHEIGHT 67280421310721\n"
                + "DATA ascii\n1 2 3\n"), "WIDTH 274177 x HEIGHT 67280421310721 overflows");
    }

    @Test
    void pcdCompressedSizesAreCheckedBeforeAllocating() throws Exception {
        String header = "FIELDS x y z\nSIZE 4 4 4\nTYPE F F F\nPOINTS 4\nDATA binary_compressed\n";
        // 400 MB of compressed data stated, none present: twice that was allocated before the read failed.
        refusedCheaply(write("claims.pcd", concat(header, le(8).putInt(400_000_000).putInt(48))), "truncated",
                "400000000 compressed bytes", "only 0 bytes follow");
        // 3 compressed bytes cannot give 344 MB (LZF expands at most 88-fold): refused before the 344 MB buffer.
        ByteBuffer three = le(11).putInt(3).putInt(344_000_000).put(new byte[] {0, 0, 0});
        refusedCheaply(write("bomb.pcd", concat("FIELDS x y z d\nSIZE 4 4 4 8\nTYPE F F F F\nCOUNT 1 1 1 20\n"
                + "POINTS 2000000\nDATA binary_compressed\n", three)), "corrupt binary_compressed",
                "3 compressed bytes cannot decompress to the 344000000 bytes");
    }

    @Test
    void nonFinitePcdPointsAreRefusedNamingThePointAndOrganizedCloudsSayWhy() throws Exception {
        // PCL marks the invalid points of organized clouds (HEIGHT > 1) with NaN; they are refused, not dropped.
        String organized = "VERSION 0.7\nFIELDS x y z\nSIZE 4 4 4\nTYPE F F F\nWIDTH 3\nHEIGHT 2\nPOINTS 6\n";
        refused(write("organized.pcd", organized + "DATA ascii\n0 0 0\n1 0 0\nnan nan nan\n0 1 0\n0 0 1\n1 1 1\n"),
                "line 11 (point 2)", "not a finite number", "organized cloud (WIDTH 3 x HEIGHT 2)",
                "must have their NaN points removed");
        ByteBuffer b = le(72);
        for (int i = 0; i < 6; i++) {
            float v = i == 4 ? Float.NaN : i;
            b.putFloat(v).putFloat(v).putFloat(v);
        }
        refused(write("organized-binary.pcd", concat(organized + "DATA binary\n", b)), "point 4", "organized cloud",
                "NaN points removed");
        Path flat = write("flat.pcd", concat(organized.replace("WIDTH 3\nHEIGHT 2", "WIDTH 6\nHEIGHT 1")
                + "DATA binary\n", b));
        refused(flat, "point 4", "not a finite number", "remove NaN/infinite points");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> PointCloudReader.read(flat));
        assertFalse(e.getMessage().contains("organized"), "an unorganized cloud is not called organized: "
                + e.getMessage());
    }

    @Test
    void degenerateCloudFromAFileIsReadExactlyThenRefusedByThePreprocessor() throws Exception {
        // 40 points that differ as float64 (0.1 and the next double) but are one point as float32, as the encoder
        // sees them: the reader keeps the file's values, the model-ready step refuses the cloud naming the file.
        ByteBuffer b = ByteBuffer.allocate(40 * 24).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < 40; i++) {
            b.putDouble(i % 2 == 0 ? 0.1 : Math.nextUp(0.1)).putDouble(-7).putDouble(3.3);
        }
        Path f = write("same.ply", concat("ply\nformat binary_big_endian 1.0\nelement vertex 40\nproperty double x\n"
                + "property double y\nproperty double z\nend_header\n", b));
        PointCloud cloud = PointCloudReader.read(f);
        assertEquals(40, cloud.size());
        assertEquals(Math.nextUp(0.1), cloud.get(1, 0));
        assertEquals(0.1, cloud.get(2, 0));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> PointCloudPreprocessor.modelReady(cloud));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("all 40 points are equal"),
                e.getMessage());
        PointInputs inputs = new PointInputs(PointCloudReader.DEFAULT_MAX_POINTS);
        InvalidInputException viaEncoderInput = assertThrows(InvalidInputException.class,
                () -> inputs.prepare(ModalityInput.ofFile(Modality.POINT, f)));
        assertTrue(viaEncoderInput.getMessage().contains("all 40 points are equal"), viaEncoderInput.getMessage());
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
