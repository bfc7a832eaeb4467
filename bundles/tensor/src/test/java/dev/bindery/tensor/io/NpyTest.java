package dev.bindery.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.tensor.DType;
import dev.bindery.tensor.TensorData;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path tmp;

    @Test
    void roundTripsEverySupportedDtypeThroughAFile() throws Exception {
        TensorData[] all = {
            TensorData.ofFloats("f", new long[] {2, 3}, new float[] {1, -2, 3.5f, 0, Float.MIN_VALUE, -0f}),
            TensorData.ofDoubles("d", new long[] {3}, new double[] {Math.PI, -1e300, 0}),
            TensorData.ofLongs("l", new long[] {2, 1}, new long[] {Long.MIN_VALUE, 7}),
            TensorData.ofInts("i", new long[] {}, new int[] {-5}),
            TensorData.ofFloatsAsF16("h", new long[] {2}, new float[] {0.5f, -65504f}),
            TensorData.of("u", DType.U8, new long[] {4}, ByteBuffer.wrap(new byte[] {0, 1, (byte) 200, (byte) 255})),
            TensorData.of("b", DType.BOOL, new long[] {2}, ByteBuffer.wrap(new byte[] {1, 0})),
            TensorData.of("e", DType.F32, new long[] {0, 4}, ByteBuffer.allocate(0)),
        };
        for (TensorData t : all) {
            Path f = tmp.resolve(t.name() + ".npy");
            Npy.write(f, t);
            TensorData back = Npy.read(f);
            assertEquals(t.name(), back.name());
            assertEquals(t.dtype(), back.dtype(), t.name());
            assertArrayEquals(t.shape(), back.shape(), t.name());
            assertEquals(t.bytes(), back.bytes(), t.name());
            assertEquals(0, (Files.size(f) - t.byteSize()) % 64, "data starts on a 64-byte boundary");
        }
    }

    @Test
    void readsVersion2And3Headers() throws Exception {
        for (int version = 2; version <= 3; version++) {
            String dict = "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }";
            ByteBuffer b = preamble(version, dict, 8);
            b.putInt(-3).putInt(9);
            TensorData t = Npy.parse(b.flip(), "mem", "x");
            assertArrayEquals(new long[] {-3, 9}, t.toLongArray(), "version " + version);
        }
    }

    @Test
    void rejectsWrongMagic() {
        ByteBuffer b = ByteBuffer.wrap("\u0093NUMPX\u0001\u0000\u0010\u0000{}".getBytes(StandardCharsets.ISO_8859_1));
        FormatException e = assertThrows(FormatException.class, () -> Npy.parse(b, "bad.npy", "bad"));
        assertTrue(e.getMessage().contains("bad.npy") && e.getMessage().contains("magic"), e.getMessage());
    }

    @Test
    void rejectsBadHeaderFortranOrderAndUnknownDtype() {
        assertProblem("{'descr': '<f4', 'fortran_order': False, 'shape': (2, x), }", "bad .npy header");
        assertProblem("{'descr': '<f4', 'fortran_order': False}", "bad .npy header");
        assertProblem("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", "fortran_order");
        assertProblem("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", "big-endian");
        assertProblem("{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }", "unsupported dtype '<c8'");
        assertProblem("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", "bad .npy header");
    }

    @Test
    void rejectsTruncatedData() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, TensorData.ofFloats("w", new long[] {4}, new float[] {1, 2, 3, 4}));
        byte[] full = out.toByteArray();
        Path f = tmp.resolve("trunc.npy");
        Files.write(f, java.util.Arrays.copyOf(full, full.length - 3));
        FormatException e = assertThrows(FormatException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().contains("trunc.npy") && e.getMessage().contains("truncated"), e.getMessage());
        Files.write(f, java.util.Arrays.copyOf(full, 40));
        e = assertThrows(FormatException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void refusesToWriteBlockFormats() {
        TensorData q = TensorData.of("q", DType.Q8_0, new long[] {32}, ByteBuffer.allocate(34));
        assertThrows(IllegalArgumentException.class, () -> Npy.write(new ByteArrayOutputStream(), q));
    }

    private static void assertProblem(String dict, String expected) {
        ByteBuffer b = preamble(1, dict, 8);
        b.putLong(0);
        FormatException e = assertThrows(FormatException.class, () -> Npy.parse(b.flip(), "h.npy", "h"));
        assertTrue(e.getMessage().contains(expected) && e.getMessage().contains("h.npy"), e.getMessage());
    }

    private static ByteBuffer preamble(int version, String dict, int dataBytes) {
        byte[] h = (dict + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(12 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) version).put((byte) 0);
        if (version == 1) {
            b.putShort((short) h.length);
        } else {
            b.putInt(h.length);
        }
        return b.put(h);
    }
}
