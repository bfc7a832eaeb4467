package dev.bindery.encoder.pointcloud.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.Npy;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Format variants the golden inputs do not cover: every file is written here from a random cloud, and reading it
 * must give that cloud back exactly (other properties and elements skipped).
 */
class PointFileFormatsTest {
    private static final int N = 57;

    @TempDir
    Path dir;

    private final double[] cloud = SyntheticClouds.points(N, 42);

    private PointCloud read(String name, byte[] content) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, content);
        return PointCloudReader.read(f);
    }

    private void assertCloud(PointCloud c) {
        assertEquals(N, c.size());
        assertArrayEquals(cloud, c.toInterleaved(), c.toString());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void plyBinaryBigEndianMixedTypesWithListsAndAFaceElementFirst() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("ply\nformat binary_big_endian 1.0\ncomment mixed\nelement face 2\n"
                + "property list uchar int vertex_indices\nelement vertex " + N + "\nproperty double x\n"
                + "property uchar red\nproperty float y\nproperty list uint8 float32 extra\nproperty float64 z\n"
                + "end_header\n"));
        ByteBuffer b = ByteBuffer.allocate(4096 + N * 64).order(ByteOrder.BIG_ENDIAN);
        b.put((byte) 3).putInt(0).putInt(1).putInt(2);
        b.put((byte) 0);
        for (int i = 0; i < N; i++) {
            b.putDouble(cloud[3 * i]).put((byte) 200).putFloat((float) cloud[3 * i + 1]);
            b.put((byte) (i % 3));
            for (int k = 0; k < i % 3; k++) {
                b.putFloat(k);
            }
            b.putDouble(cloud[3 * i + 2]);
        }
        out.write(b.array(), 0, b.position());
        PointCloud c = read("mixed.ply", out.toByteArray());
        assertCloud(c);
        assertEquals(PointCloud.Precision.FLOAT64, c.precision());
    }

    @Test
    void plyBinaryLittleEndianWithNormalsAndFacesAfter() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("ply\r\nformat binary_little_endian 1.0\r\nelement vertex " + N + "\r\nproperty float x\r\n"
                + "property float y\r\nproperty float z\r\nproperty float nx\r\nproperty float ny\r\nproperty float nz\r\n"
                + "element face 1\r\nproperty list uchar int vertex_indices\r\nend_header\r\n"));
        ByteBuffer b = ByteBuffer.allocate(N * 24 + 13).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < N; i++) {
            b.putFloat((float) cloud[3 * i]).putFloat((float) cloud[3 * i + 1]).putFloat((float) cloud[3 * i + 2]);
            b.putFloat(0).putFloat(0).putFloat(1);
        }
        b.put((byte) 3).putInt(0).putInt(1).putInt(2);
        out.write(b.array(), 0, b.position());
        assertCloud(read("normals.ply", out.toByteArray()));
    }

    @Test
    void plyAsciiWithIntegerColoursAndFaces() throws Exception {
        StringBuilder s = new StringBuilder("ply\nformat ascii 1.0\nobj_info test\nelement vertex " + N
                + "\nproperty float32 x\nproperty float32 y\nproperty float32 z\nproperty uchar red\nelement face 1\n"
                + "property list uchar int vertex_indices\nend_header\n");
        for (int i = 0; i < N; i++) {
            s.append(cloud[3 * i]).append(' ').append(cloud[3 * i + 1]).append('\t').append(cloud[3 * i + 2])
                    .append(" 255\n");
        }
        s.append("3 0 1 2\n");
        assertCloud(read("ascii.PLY", ascii(s.toString())));
    }

    @Test
    void plyElementsWithoutPropertiesAreSkippedWhateverTheirCount() throws Exception {
        // No properties, no data: such an element is read past at once (ASCII used to loop over its count).
        String junk = "element junk 9000000000000000000\n";
        StringBuilder s = new StringBuilder("ply\nformat ascii 1.0\n" + junk + "element vertex " + N
                + "\nproperty double x\nproperty double y\nproperty double z\n" + junk + "end_header\n");
        for (int i = 0; i < N; i++) {
            s.append(cloud[3 * i]).append(' ').append(cloud[3 * i + 1]).append(' ').append(cloud[3 * i + 2])
                    .append('\n');
        }
        assertCloud(assertTimeoutPreemptively(Duration.ofSeconds(20), () -> read("junk.ply", ascii(s.toString()))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("ply\nformat binary_little_endian 1.0\n" + junk + "element vertex " + N
                + "\nproperty double x\nproperty double y\nproperty double z\nend_header\n"));
        ByteBuffer b = ByteBuffer.allocate(N * 24).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : cloud) {
            b.putDouble(v);
        }
        out.write(b.array(), 0, b.position());
        byte[] binary = out.toByteArray();
        assertCloud(assertTimeoutPreemptively(Duration.ofSeconds(20), () -> read("junk-binary.ply", binary)));
    }

    @Test
    void pcdAsciiWithColourAndAMultiValueField() throws Exception {
        StringBuilder s = new StringBuilder("# .PCD v0.7\nVERSION 0.7\nFIELDS normal x rgb y z\nSIZE 4 4 4 4 4\n"
                + "TYPE F F U F F\nCOUNT 3 1 1 1 1\nWIDTH " + N + "\nHEIGHT 1\nVIEWPOINT 0 0 0 1 0 0 0\nPOINTS " + N
                + "\nDATA ascii\n");
        for (int i = 0; i < N; i++) {
            s.append("0 0 1 ").append(cloud[3 * i]).append(" 4278190080 ").append(cloud[3 * i + 1]).append(' ')
                    .append(cloud[3 * i + 2]).append('\n');
        }
        assertCloud(read("colour.pcd", ascii(s.toString())));
    }

    private static String binaryHeader(String data) {
        return "VERSION 0.7\nFIELDS x y z intensity\nSIZE 8 4 4 2\nTYPE F F F U\nCOUNT 1 1 1 1\nWIDTH " + N
                + "\nHEIGHT 1\nPOINTS " + N + "\nDATA " + data + "\n";
    }

    @Test
    void pcdBinary() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii(binaryHeader("binary")));
        ByteBuffer b = ByteBuffer.allocate(N * 18).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < N; i++) {
            b.putDouble(cloud[3 * i]).putFloat((float) cloud[3 * i + 1]).putFloat((float) cloud[3 * i + 2])
                    .putShort((short) 7);
        }
        out.write(b.array(), 0, b.position());
        assertCloud(read("binary.pcd", out.toByteArray()));
    }

    @Test
    void pcdBinaryCompressed() throws Exception {
        ByteBuffer fields = ByteBuffer.allocate(N * 18).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < N; i++) {
            fields.putDouble(cloud[3 * i]);
        }
        for (int i = 0; i < N; i++) {
            fields.putFloat((float) cloud[3 * i + 1]);
        }
        for (int i = 0; i < N; i++) {
            fields.putFloat((float) cloud[3 * i + 2]);
        }
        for (int i = 0; i < N; i++) {
            fields.putShort((short) 0); // long zero run: exercises back references
        }
        byte[] packed = TestLzf.compress(fields.array());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii(binaryHeader("binary_compressed")));
        ByteBuffer sizes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(packed.length)
                .putInt(fields.capacity());
        out.writeBytes(sizes.array());
        out.writeBytes(packed);
        assertCloud(read("compressed.pcd", out.toByteArray()));
    }

    @Test
    void xyzWithCommentsCommasAndExtraColumns() throws Exception {
        StringBuilder s = new StringBuilder("# x y z nx ny nz\n\n");
        for (int i = 0; i < N; i++) {
            String sep = i % 2 == 0 ? ", " : " \t";
            s.append(cloud[3 * i]).append(sep).append(cloud[3 * i + 1]).append(sep).append(cloud[3 * i + 2])
                    .append(" 0 0 1\r\n");
        }
        assertCloud(read("points.xyz", ascii(s.toString())));
        assertCloud(read("points.txt", ascii(s.toString())));
    }

    @Test
    void ptsReadsTheDeclaredNumberOfPoints() throws Exception {
        StringBuilder s = new StringBuilder(N + "\n");
        for (int i = 0; i < N; i++) {
            s.append(cloud[3 * i]).append(' ').append(cloud[3 * i + 1]).append(' ').append(cloud[3 * i + 2])
                    .append(" 12 255 0 0\n");
        }
        s.append("trailing text that is not a point\n");
        assertCloud(read("scan.pts", ascii(s.toString())));
    }

    @Test
    void offVariants() throws Exception {
        StringBuilder vertices = new StringBuilder();
        for (int i = 0; i < N; i++) {
            vertices.append(cloud[3 * i]).append(' ').append(cloud[3 * i + 1]).append(' ').append(cloud[3 * i + 2])
                    .append('\n');
        }
        String faces = "3 0 1 2\n";
        assertCloud(read("plain.off", ascii("OFF\n# comment\n" + N + " 1 0\n" + vertices + faces)));
        assertCloud(read("modelnet.off", ascii("OFF" + N + " 1 0\n" + vertices + faces)));
        assertCloud(read("coloured.off", ascii("COFF\n" + N + " 1 0\n"
                + vertices.toString().replace("\n", " 255 0 0 255\n") + faces)));
    }

    @Test
    void objVertexLinesOnly() throws Exception {
        StringBuilder s = new StringBuilder("# obj\nmtllib x.mtl\no thing\n");
        for (int i = 0; i < N; i++) {
            s.append(i % 2 == 0 ? "v " : "  v  ").append(cloud[3 * i]).append("  ").append(cloud[3 * i + 1])
                    .append('\t').append(cloud[3 * i + 2]).append(i % 3 == 0 ? " 1.0\n" : "\n");
            s.append("vn 0 0 1\nvt 0.5 0.5\n");
        }
        s.append("f 1 2 3\n");
        assertCloud(read("mesh.obj", ascii(s.toString())));
    }

    @Test
    void npyFloat64WithExtraColumnsAndFloat32() throws Exception {
        double[] six = new double[6 * N];
        float[] three = new float[3 * N];
        for (int i = 0; i < N; i++) {
            for (int a = 0; a < 3; a++) {
                six[6 * i + a] = cloud[3 * i + a];
                six[6 * i + 3 + a] = -1;
                three[3 * i + a] = (float) cloud[3 * i + a];
            }
        }
        Path f64 = dir.resolve("six.npy");
        Npy.write(f64, TensorData.ofDoubles("six", new long[] {N, 6}, six));
        PointCloud a = PointCloudReader.read(f64);
        assertCloud(a);
        assertEquals(PointCloud.Precision.FLOAT64, a.precision());
        Path f32 = dir.resolve("three.npy");
        Npy.write(f32, TensorData.ofFloats("three", new long[] {N, 3}, three));
        PointCloud b = PointCloudReader.read(f32);
        assertCloud(b);
        assertEquals(PointCloud.Precision.FLOAT32, b.precision());
    }
}
