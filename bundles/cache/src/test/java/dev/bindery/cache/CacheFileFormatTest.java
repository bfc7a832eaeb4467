package dev.bindery.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.tensor.DType;
import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.FormatException;
import dev.bindery.tensor.io.Npy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing, reading, appending, importing, and every way a cache file can be broken. */
class CacheFileFormatTest {
    @TempDir
    Path tmp;

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "'" + message + "' should mention '" + p + "'");
        }
    }

    @Test
    void roundTripKeepsEverything() throws Exception {
        List<CacheEntry> entries = RandomCaches.entries(37, 24, 1, true);
        entries.set(5, new CacheEntry("ünïcode-id ✓", entries.get(5).vector(), "caption: a cat ✓"));
        Path file = tmp.resolve("rt.bvc");
        CacheFiles.create(file, "imagebind_huge", 24, DType.F32, entries);
        try (CacheFile f = CacheFile.open(file, true)) {
            assertEquals("imagebind_huge", f.modelId());
            assertEquals(24, f.dimension());
            assertEquals(37, f.size());
            assertEquals(DType.F32, f.dtype());
            assertTrue(f.hasSources());
            for (int i = 0; i < entries.size(); i++) {
                assertEquals(entries.get(i).id(), f.id(i));
                assertEquals(entries.get(i).source(), f.source(i));
                assertArrayEquals(entries.get(i).vector(), f.vector(i));
            }
        }
    }

    @Test
    void halfPrecisionStoresTheNearestHalves() throws Exception {
        List<CacheEntry> entries = RandomCaches.entries(9, 16, 2, false);
        Path file = tmp.resolve("f16.bvc");
        CacheFiles.create(file, "m", 16, DType.F16, entries);
        try (CacheFile f = CacheFile.open(file, true)) {
            assertFalse(f.hasSources());
            assertEquals(java.util.Optional.empty(), f.source(3));
            for (int i = 0; i < entries.size(); i++) {
                float[] v = entries.get(i).vector();
                float[] got = f.vector(i);
                for (int c = 0; c < v.length; c++) {
                    assertEquals(dev.bindery.tensor.Float16.toFloat(dev.bindery.tensor.Float16.fromFloat(v[c])), got[c]);
                }
            }
        }
        assertTrue(Files.size(file) < Files.size(RandomCaches.write(tmp.resolve("f32.bvc"), entries, 16, DType.F32)));
    }

    @Test
    void appendKeepsOldEntriesAndAddsNewOnes() throws Exception {
        List<CacheEntry> first = RandomCaches.entries(10, 8, 3, false);
        List<CacheEntry> more = RandomCaches.entries(5, 8, 4, true);
        Path file = RandomCaches.write(tmp.resolve("app.bvc"), first, 8, DType.F32);
        CacheFiles.append(file, more);
        try (CacheFile f = CacheFile.open(file, true)) {
            assertEquals(15, f.size());
            assertEquals("test-model", f.modelId());
            for (int i = 0; i < 15; i++) {
                CacheEntry e = i < 10 ? first.get(i) : more.get(i - 10);
                assertEquals(e.id(), f.id(i));
                assertEquals(e.source(), f.source(i));
                assertArrayEquals(e.vector(), f.vector(i));
            }
        }
        assertNoTempFiles();
    }

    @Test
    void failedAppendLeavesTheOldFileAsItWas() throws Exception {
        Path file = RandomCaches.write(tmp.resolve("keep.bvc"), RandomCaches.entries(10, 8, 5, false), 8, DType.F32);
        byte[] before = Files.readAllBytes(file);
        List<CacheEntry> bad = new ArrayList<>(RandomCaches.entries(3, 8, 6, false));
        bad.add(new CacheEntry("wrong", new float[9], null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CacheFiles.append(file, bad));
        assertMentions(e.getMessage(), "'wrong'", "9 values", "8-d");
        assertArrayEquals(before, Files.readAllBytes(file));
        assertNoTempFiles();
    }

    @Test
    void aWriterThatIsNotCommittedLeavesNothing() throws Exception {
        Path file = tmp.resolve("never.bvc");
        Iterator<CacheEntry> failing = new Iterator<>() {
            int n;

            public boolean hasNext() {
                return true;
            }

            public CacheEntry next() {
                if (n++ == 4) {
                    throw new IllegalStateException("encoder went away");
                }
                return new CacheEntry("e" + n, new float[] {1, 0, 0, 0}, null);
            }
        };
        assertThrows(IllegalStateException.class, () -> CacheFiles.create(file, "m", 4, DType.F32, () -> failing));
        assertFalse(Files.exists(file));
        assertNoTempFiles();
    }

    @Test
    void writerRefusesBadVectors() throws Exception {
        try (CacheWriter w = CacheWriter.create(tmp.resolve("w.bvc"), "m", 4, DType.F16)) {
            assertMentions(assertThrows(IllegalArgumentException.class,
                    () -> w.add("a", new float[] {0, Float.NaN, 0, 0}, null)).getMessage(), "'a'", "NaN", "index 1");
            assertMentions(assertThrows(IllegalArgumentException.class,
                    () -> w.add("b", new float[] {0, 0, 1e6f, 0}, null)).getMessage(), "'b'", "F16");
            assertMentions(assertThrows(IllegalArgumentException.class,
                    () -> w.add("c", new float[3], null)).getMessage(), "'c'", "3 values");
        }
        assertThrows(IllegalArgumentException.class, () -> CacheWriter.create(tmp.resolve("x.bvc"), "m", 4, DType.Q8_0));
        assertThrows(IllegalArgumentException.class, () -> CacheWriter.create(tmp.resolve("x.bvc"), "m", 0, DType.F32));
        assertNoTempFiles();
    }

    @Test
    void corruptFilesAreRefusedWithTheProblemNamed() throws Exception {
        Path good = RandomCaches.write(tmp.resolve("good.bvc"), RandomCaches.entries(20, 8, 7, true), 8, DType.F32);
        byte[] bytes = Files.readAllBytes(good);
        long idsOffset = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(40);

        assertMentions(refusal(modified(bytes, 0, (byte) 'X'), false), "bad magic");
        byte[] v2 = bytes.clone();
        v2[8] = 2;
        assertMentions(refusal(v2, false), "version 2");
        assertMentions(refusal(modified(bytes, 16, (byte) 9), false), "header checksum mismatch");
        assertMentions(refusal(Arrays.copyOf(bytes, bytes.length - 10), false), "truncated");
        assertMentions(refusal(Arrays.copyOf(bytes, 100), false), "truncated");
        assertMentions(refusal(Arrays.copyOf(bytes, 5), false), "truncated");
        assertMentions(refusal(Arrays.copyOf(bytes, bytes.length + 3), false), "corrupt");
        // a flipped vector byte is found by the matrix checksum (checked on request: opening stays instant)
        byte[] matrix = modified(bytes, 4096 + 17, (byte) (bytes[4096 + 17] ^ 0x40));
        Path m = tmp.resolve("matrix.bvc");
        Files.write(m, matrix);
        try (CacheFile f = CacheFile.open(m)) {
            assertMentions(assertThrows(FormatException.class, f::verify).getMessage(), m.toString(), "vector matrix");
        }
        assertMentions(refusal(matrix, true), "checksum mismatch in the vector matrix");
        assertMentions(assertThrows(FormatException.class, () -> CacheFile.open(m, true, Residency.HEAP)).getMessage(),
                m.toString(), "checksum mismatch in the vector matrix");
        // ids and sources are always checked at open
        assertMentions(refusal(modified(bytes, (int) idsOffset + 200, (byte) 'Z'), false), "ids/sources");
    }

    @Test
    void heapResidencyHoldsTheFileVectorsAndIsRefusedWhenTheHeapIsTooSmall() throws Exception {
        for (DType dtype : new DType[] {DType.F32, DType.F16}) {
            Path file = RandomCaches.write(tmp.resolve("heap-" + dtype + ".bvc"), RandomCaches.entries(70, 24, 5, false),
                    24, dtype);
            try (CacheFile mapped = CacheFile.open(file, true);
                 CacheFile heap = CacheFile.open(file, true, Residency.HEAP, 24L * 10 * 4)) {
                assertEquals(Residency.MAPPED, mapped.residency());
                assertEquals(Residency.HEAP, heap.residency());
                assertTrue(heap.toString().contains("in the heap"), heap.toString());
                RowReader a = mapped.rowReader();
                RowReader b = heap.rowReader();
                float[] q = b.prepare(RandomCaches.unit(new java.util.Random(1), 24));
                for (long i = 0; i < heap.size(); i++) {
                    assertArrayEquals(mapped.vector(i), heap.vector(i), dtype + " entry " + i);
                    float[] rowA = new float[24];
                    float[] rowB = new float[24];
                    a.read(i, rowA, 0);
                    b.read(i, rowB, 0);
                    assertArrayEquals(rowA, rowB, dtype + " row " + i);
                    assertEquals(a.dot(i, q), b.dot(i, q), 0f, dtype + " dot " + i);
                }
            }
        }
        Path file = tmp.resolve("big.bvc");
        IOException refused = assertThrows(IOException.class,
                () -> CacheFile.checkHeapRoom(file, 3L << 30, 1L << 30, 4L << 30));
        assertMentions(refused.getMessage(), file.toString(), "residency = heap", "3.00 GiB", "1.00 GiB",
                "4.00 GiB", "BINDERY_HEAP", "residency = mapped");
        CacheFile.checkHeapRoom(file, 1L << 30, 1L << 30, 4L << 30); // exactly enough is enough
        assertEquals(Residency.HEAP, Residency.parse(" Heap "));
        assertEquals(Residency.MAPPED, Residency.parse(""));
        assertMentions(assertThrows(IllegalArgumentException.class, () -> Residency.parse("disk")).getMessage(),
                "disk", "mapped", "heap");
    }

    private static byte[] modified(byte[] bytes, int at, byte value) {
        byte[] copy = bytes.clone();
        copy[at] = value;
        return copy;
    }

    private String refusal(byte[] content, boolean verify) throws IOException {
        Path file = tmp.resolve("bad.bvc");
        Files.write(file, content);
        FormatException e = assertThrows(FormatException.class, () -> CacheFile.open(file, verify));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void importReadsEveryFloatTypeAndNamesBadRows() throws Exception {
        float[] values = new float[3 * 32];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.sin(i);
        }
        Path f32 = tmp.resolve("v32.npy");
        Npy.write(f32, TensorData.ofFloats("v", new long[] {3, 32}, values));
        Path f16 = tmp.resolve("v16.npy");
        Npy.write(f16, TensorData.ofFloatsAsF16("v", new long[] {3, 32}, values));
        double[] doubles = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            doubles[i] = values[i];
        }
        Path f64 = tmp.resolve("v64.npy");
        Npy.write(f64, TensorData.ofDoubles("v", new long[] {3, 32}, doubles));
        for (Path npy : List.of(f32, f16, f64)) {
            Path out = tmp.resolve(npy.getFileName() + ".bvc");
            CacheFiles.importNpy(npy, out, "m", DType.F32, List.of("a", "b", "c"));
            TensorData expected = Npy.read(npy);
            try (CacheFile f = CacheFile.open(out, true)) {
                assertEquals(3, f.size());
                assertEquals("c", f.id(2));
                float[] all = new float[96];
                for (int r = 0; r < 3; r++) {
                    f.vector(r, all, r * 32);
                }
                assertArrayEquals(expected.toFloatArray(), all, npy.toString());
            }
        }
        IllegalArgumentException ids = assertThrows(IllegalArgumentException.class,
                () -> CacheFiles.importNpy(f32, tmp.resolve("x.bvc"), "m", DType.F32, List.of("a")));
        assertMentions(ids.getMessage(), "3 rows", "1 ids");

        values[40] = Float.NaN;
        Path nan = tmp.resolve("nan.npy");
        Npy.write(nan, TensorData.ofFloats("v", new long[] {3, 32}, values));
        IllegalArgumentException row = assertThrows(IllegalArgumentException.class,
                () -> CacheFiles.importNpy(nan, tmp.resolve("x.bvc"), "m", DType.F32, null));
        assertMentions(row.getMessage(), nan.toString(), "row 1", "NaN");

        Path oneD = tmp.resolve("1d.npy");
        Npy.write(oneD, TensorData.ofFloats("v", new long[] {32}, new float[32]));
        assertMentions(assertThrows(FormatException.class,
                () -> CacheFiles.importNpy(oneD, tmp.resolve("x.bvc"), "m", DType.F32, null)).getMessage(), "2-D");
        Path ints = tmp.resolve("ints.npy");
        Npy.write(ints, TensorData.ofLongs("v", new long[] {2, 2}, new long[4]));
        assertMentions(assertThrows(FormatException.class,
                () -> CacheFiles.importNpy(ints, tmp.resolve("x.bvc"), "m", DType.F32, null)).getMessage(), "<i8");
        byte[] full = Files.readAllBytes(f32);
        Path cut = tmp.resolve("cut.npy");
        Files.write(cut, Arrays.copyOf(full, full.length - 4));
        assertMentions(assertThrows(FormatException.class,
                () -> CacheFiles.importNpy(cut, tmp.resolve("x.bvc"), "m", DType.F32, null)).getMessage(), "truncated");
        Path text = tmp.resolve("text.npy");
        Files.writeString(text, "not numpy at all");
        assertMentions(assertThrows(FormatException.class,
                () -> CacheFiles.importNpy(text, tmp.resolve("x.bvc"), "m", DType.F32, null)).getMessage(), "magic");
        assertFalse(Files.exists(tmp.resolve("x.bvc")));
        assertNoTempFiles();
    }

    private void assertNoTempFiles() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            List<Path> temps = s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
            assertTrue(temps.isEmpty(), "temporary files left: " + temps);
        }
    }
}
