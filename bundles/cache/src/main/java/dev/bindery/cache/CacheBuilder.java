package dev.bindery.cache;

import dev.bindery.tensor.DType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Builds a cache file from images through an image encoder: several images encoded at once, progress reported as it
 * goes, every encoded vector recorded in a journal next to the target ({@link BuildJournal}) so that a build that is
 * killed continues where it stopped when run again, and the cache itself written atomically at the end by
 * {@link CacheWriter} (a killed build never leaves a partial cache under the target's name). An image the encoder
 * refuses (corrupt, unsupported) is left out and reported; it does not stop the build.
 *
 * <p>Entries are stored in the order their encodings finished; the id and the source of an entry are the image's
 * path as given. The vectors are stored as the encoder returns them, normalised to unit length as upstream's cache
 * holds them.
 */
public final class CacheBuilder {
    /** File name endings taken from a folder (case-insensitive). */
    public static final List<String> IMAGE_SUFFIXES = List.of(".jpg", ".jpeg", ".png", ".gif", ".bmp");

    /** Turns one image into its embedding. Called from several threads at once. */
    @FunctionalInterface
    public interface ImageEncoder {
        float[] encode(Path image) throws Exception;
    }

    /** Receives the progress of a build; called from the building threads, one call at a time. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total, image) -> { };

        /** {@code done} of {@code total} images handled (encoded, resumed or refused); {@code image} the last one. */
        void update(long done, long total, Path image);
    }

    /**
     * What a build did.
     *
     * @param encoded images encoded in this run
     * @param resumed images taken from the journal of an earlier, interrupted run
     * @param refused images the encoder refused, with the reason
     */
    public record Result(Path target, long entries, long encoded, long resumed, Map<Path, String> refused) {
    }

    private CacheBuilder() {
    }

    /**
     * The images of folders (searched recursively for {@link #IMAGE_SUFFIXES}, sorted) and list files (one path per
     * line; blank lines and lines starting with {@code #} skipped; relative paths against the list's folder), in the
     * order given, each once.
     *
     * @throws IOException naming a source that is neither a folder, an image nor a readable list
     */
    public static List<Path> images(List<Path> sources) throws IOException {
        Set<Path> seen = new HashSet<>();
        List<Path> out = new ArrayList<>();
        for (Path source : sources) {
            List<Path> found = new ArrayList<>();
            if (Files.isDirectory(source)) {
                try (Stream<Path> walk = Files.walk(source)) {
                    walk.filter(Files::isRegularFile).filter(CacheBuilder::isImage).sorted().forEach(found::add);
                }
            } else if (Files.isRegularFile(source) && isImage(source)) {
                found.add(source);
            } else if (Files.isRegularFile(source)) {
                Path base = source.toAbsolutePath().getParent();
                for (String line : Files.readAllLines(source, StandardCharsets.UTF_8)) {
                    String l = line.strip();
                    if (!l.isEmpty() && !l.startsWith("#")) {
                        found.add(base.resolve(l));
                    }
                }
            } else {
                throw new java.nio.file.NoSuchFileException(source.toString(), null,
                        "neither a folder of images, an image nor a list of image paths");
            }
            for (Path p : found) {
                Path abs = p.toAbsolutePath().normalize();
                if (seen.add(abs)) {
                    out.add(abs);
                }
            }
        }
        return out;
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return IMAGE_SUFFIXES.stream().anyMatch(name::endsWith);
    }

    /**
     * Encodes {@code images} with {@code threads} threads and writes the cache to {@code target} (replacing it).
     * Run again after a crash with the same arguments, it encodes only what the journal does not hold.
     *
     * @throws IOException if the journal belongs to another model or dimension, or writing fails; the journal is kept
     *                     so that a later run can continue
     */
    public static Result build(List<Path> images, Path target, String modelId, int dimension, DType dtype,
                               ImageEncoder encoder, int threads, Progress progress)
            throws IOException, InterruptedException {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images to build " + target + " from");
        }
        Path journalFile = BuildJournal.of(target);
        Set<String> done = new HashSet<>();
        AtomicLong resumed = new AtomicLong();
        Map<Path, String> refused = Collections.synchronizedMap(new LinkedHashMap<>());
        AtomicLong handled = new AtomicLong();
        long total = images.size();
        try (BuildJournal journal = BuildJournal.open(journalFile, modelId, dimension, e -> {
            done.add(e.id());
            resumed.incrementAndGet();
        })) {
            handled.set(resumed.get());
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
                Thread t = new Thread(r, "bindery-cache-build");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> tasks = new ArrayList<>();
                for (Path image : images) {
                    if (done.contains(image.toString())) {
                        continue;
                    }
                    tasks.add(pool.submit(() -> {
                        float[] vector;
                        try {
                            vector = normalised(encoder.encode(image), image);
                        } catch (InterruptedException e) {
                            throw e;
                        } catch (Exception e) {
                            refused.put(image, e.getMessage() == null ? e.toString() : e.getMessage());
                            progress.update(handled.incrementAndGet(), total, image);
                            return null;
                        }
                        synchronized (journal) {
                            journal.append(image.toString(), vector);
                            progress.update(handled.incrementAndGet(), total, image);
                        }
                        return null;
                    }));
                }
                for (Future<?> task : tasks) {
                    try {
                        task.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        Throwable cause = e.getCause();
                        if (cause instanceof IOException io) {
                            throw io;
                        }
                        throw new IOException("building " + target + " failed: " + cause, cause);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
        long entries = writeCache(journalFile, target, modelId, dimension, dtype);
        Files.deleteIfExists(journalFile);
        return new Result(target, entries, handled.get() - resumed.get() - refused.size(), resumed.get(),
                Map.copyOf(refused));
    }

    /** The cache from the journal's records, written atomically. */
    private static long writeCache(Path journalFile, Path target, String modelId, int dimension, DType dtype)
            throws IOException {
        IOException[] failure = new IOException[1];
        try (CacheWriter w = CacheWriter.create(target, modelId, dimension, dtype)) {
            try (BuildJournal ignored = BuildJournal.open(journalFile, modelId, dimension, e -> {
                if (failure[0] == null) {
                    try {
                        w.add(e);
                    } catch (IOException io) {
                        failure[0] = io;
                    }
                }
            })) {
                if (failure[0] != null) {
                    throw failure[0];
                }
            }
            if (w.count() == 0) {
                throw new IOException("no image could be encoded: " + target + " was not written");
            }
            w.commit();
            return w.count();
        }
    }

    private static float[] normalised(float[] v, Path image) {
        double sum = 0;
        for (float x : v) {
            if (!Float.isFinite(x)) {
                throw new IllegalArgumentException(image + ": the encoder returned a non-finite value");
            }
            sum += (double) x * x;
        }
        if (sum == 0) {
            throw new IllegalArgumentException(image + ": the encoder returned a zero vector");
        }
        float inv = (float) (1 / Math.sqrt(sum));
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * inv;
        }
        return out;
    }
}
