package dev.bindery.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.tensor.DType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheBuilderTest {
    private static final int DIM = 8;

    /** A stand-in encoder: a fixed vector per file content, so results can be checked. */
    private static float[] vectorOf(Path image) throws IOException {
        byte[] bytes = Files.readAllBytes(image);
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = 1 + (bytes[i % bytes.length] & 0xff) + i;
        }
        return v;
    }

    private static List<Path> photos(Path dir, int n) throws IOException {
        List<Path> out = new ArrayList<>();
        Files.createDirectories(dir.resolve("sub"));
        for (int i = 0; i < n; i++) {
            Path p = dir.resolve(i % 2 == 0 ? "sub" : ".").resolve(String.format("p%03d.JPG", i)).normalize();
            Files.write(p, new byte[] {(byte) i, (byte) (3 * i), (byte) (7 * i)});
            out.add(p);
        }
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        return out;
    }

    @Test
    void aFolderBecomesACacheOfUnitVectorsWithSources(@TempDir Path dir) throws Exception {
        photos(dir.resolve("photos"), 20);
        List<Path> images = CacheBuilder.images(List.of(dir.resolve("photos")));
        assertEquals(20, images.size(), "every image, no text file, recursively");
        Path target = dir.resolve("photos.cache");
        AtomicInteger lastDone = new AtomicInteger();
        CacheBuilder.Result r = CacheBuilder.build(images, target, "test-model", DIM, DType.F32,
                CacheBuilderTest::vectorOf, 3, (done, total, image) -> {
                    assertEquals(20, total);
                    lastDone.set((int) done);
                });
        assertEquals(20, r.entries());
        assertEquals(20, r.encoded());
        assertEquals(20, lastDone.get());
        assertFalse(Files.exists(BuildJournal.of(target)), "the journal is gone after a build");
        try (CacheFile cache = CacheFile.open(target)) {
            assertEquals("test-model", cache.modelId());
            assertEquals(20, cache.size());
            for (long i = 0; i < cache.size(); i++) {
                Path source = Path.of(cache.source(i).orElseThrow());
                assertEquals(source.toString(), cache.id(i));
                float[] expected = vectorOf(source);
                double norm = 0;
                for (float x : expected) {
                    norm += x * x;
                }
                for (int k = 0; k < DIM; k++) {
                    expected[k] /= (float) Math.sqrt(norm);
                }
                assertArrayEquals(expected, cache.vector(i), 1e-6f);
            }
        }
    }

    @Test
    void aKilledBuildLeavesNoCacheAndTheNextRunEncodesOnlyWhatIsMissing(@TempDir Path dir) throws Exception {
        photos(dir.resolve("photos"), 40);
        List<Path> images = CacheBuilder.images(List.of(dir.resolve("photos")));
        Path target = dir.resolve("photos.cache");
        Set<Path> encodedFirst = ConcurrentHashMap.newKeySet();
        AtomicInteger calls = new AtomicInteger();
        // an Error is what a crash looks like to the builder: it stops, the journal stays
        IOException crash = assertThrows(IOException.class, () -> CacheBuilder.build(
                images, target, "m", DIM, DType.F16,
                image -> {
                    if (calls.incrementAndGet() > 25) {
                        throw new OutOfMemoryError("simulated crash");
                    }
                    encodedFirst.add(image);
                    return vectorOf(image);
                }, 1, CacheBuilder.Progress.NONE));
        assertTrue(crash.getMessage().contains("simulated crash"), crash.getMessage());
        assertFalse(Files.exists(target), "no cache under the target's name after a crash");
        assertTrue(Files.exists(BuildJournal.of(target)));
        // a torn record at the end, as a crash in the middle of a write leaves it
        Files.write(BuildJournal.of(target), new byte[] {9, 0, 0, 0, 'x', 'y'},
                java.nio.file.StandardOpenOption.APPEND);

        Map<Path, Integer> second = new ConcurrentHashMap<>();
        CacheBuilder.Result r = CacheBuilder.build(images, target, "m", DIM, DType.F16, image -> {
            second.merge(image, 1, Integer::sum);
            return vectorOf(image);
        }, 2, CacheBuilder.Progress.NONE);
        assertEquals(encodedFirst.size(), r.resumed());
        assertEquals(40 - encodedFirst.size(), r.encoded());
        for (Path p : encodedFirst) {
            assertFalse(second.containsKey(p), p + " was encoded again");
        }
        try (CacheFile cache = CacheFile.open(target)) {
            assertEquals(40, cache.size());
            Map<String, Long> ids = new HashMap<>();
            for (long i = 0; i < cache.size(); i++) {
                assertTrue(ids.put(cache.id(i), i) == null, "each image once: " + cache.id(i));
            }
        }
    }

    @Test
    void refusedImagesAreReportedAndTheRestIsBuilt(@TempDir Path dir) throws Exception {
        List<Path> images = photos(dir.resolve("photos"), 6);
        Path list = dir.resolve("list.txt");
        List<String> lines = new ArrayList<>(List.of("# photos", ""));
        for (Path p : images) {
            lines.add(dir.relativize(p).toString());
        }
        Files.write(list, lines, StandardCharsets.UTF_8);
        List<Path> listed = CacheBuilder.images(List.of(list, images.get(0)));
        assertEquals(6, listed.size(), "a list file's relative paths, each image once");
        Path bad = listed.get(2);
        CacheBuilder.Result r = CacheBuilder.build(listed, dir.resolve("c.cache"), "m", DIM, DType.F32, image -> {
            if (image.equals(bad)) {
                throw new IllegalArgumentException(image + ": not a JPEG");
            }
            return vectorOf(image);
        }, 2, CacheBuilder.Progress.NONE);
        assertEquals(5, r.entries());
        assertEquals(Set.of(bad), r.refused().keySet());
        assertTrue(r.refused().get(bad).contains("not a JPEG"));
    }

    @Test
    void aJournalOfAnotherModelIsRefusedNotMixedIn(@TempDir Path dir) throws Exception {
        List<Path> images = photos(dir.resolve("photos"), 4);
        Path target = dir.resolve("c.cache");
        assertThrows(IOException.class, () -> CacheBuilder.build(images, target, "model-a", DIM, DType.F32, image -> {
            throw new OutOfMemoryError("stop");
        }, 1, CacheBuilder.Progress.NONE));
        IOException e = assertThrows(IOException.class, () -> CacheBuilder.build(images, target, "model-b", DIM,
                DType.F32, CacheBuilderTest::vectorOf, 1, CacheBuilder.Progress.NONE));
        assertTrue(e.getMessage().contains("model-a") && e.getMessage().contains("model-b"), e.getMessage());
        assertThrows(java.nio.file.NoSuchFileException.class,
                () -> CacheBuilder.images(List.of(dir.resolve("missing"))));
    }
}
