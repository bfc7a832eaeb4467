package dev.bindery.tensor.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.bindery.tensor.TensorData;
import dev.bindery.tensor.io.Npy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Access to the golden fixtures for tests of every bundle: the folder (system property
 * {@code bindery.golden.dir}, set by surefire), manifests, .npy arrays, and tolerance assertions that report
 * the worst element.
 */
public final class Golden {
    /** The system property naming the golden folder. */
    public static final String PROPERTY = "bindery.golden.dir";

    private Golden() {
    }

    /**
     * The golden folder: {@code -Dbindery.golden.dir}, else the nearest {@code golden/} with a README.md above
     * the working directory (for runs from an IDE). Fails the test when neither exists.
     */
    public static Path dir() {
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) {
            Path p = Paths.get(prop).toAbsolutePath().normalize();
            if (!Files.isDirectory(p)) {
                fail("-D" + PROPERTY + "=" + prop + " is not a directory");
            }
            return p;
        }
        for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path g = d.resolve("golden");
            if (Files.isRegularFile(g.resolve("README.md"))) {
                return g;
            }
        }
        return fail("golden fixtures not found: set -D" + PROPERTY + "=<folder>");
    }

    /** A path inside the golden folder, e.g. {@code imagebind_llm_tiny/bind/output.npy}. */
    public static Path path(String relative) {
        return dir().resolve(relative);
    }

    /** The manifest of a group ({@code preprocess}, {@code imagebind_tiny}, {@code imagebind_llm_tiny}). */
    public static Manifest manifest(String group) {
        return Manifest.load(group);
    }

    /** Reads a golden .npy file by its path relative to the golden folder. */
    public static TensorData npy(String relative) {
        try {
            return Npy.read(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entries of a golden folder whose names end with {@code suffix}, sorted by name (for case iteration). */
    public static List<Path> list(String relativeDir, String suffix) {
        try (Stream<Path> s = Files.list(path(relativeDir))) {
            List<Path> out = s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().collect(Collectors.toList());
            if (out.isEmpty()) {
                fail("no *" + suffix + " files in golden folder " + relativeDir);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Asserts {@code |actual - expected| <= atol + rtol * |expected|} element-wise. On failure the message names
     * {@code what}, the number of violations, and the worst element by multi-index, expected and actual value.
     */
    public static void assertClose(TensorData expected, float[] actual, Tolerance tol, String what) {
        assertClose(expected.toDoubleArray(), expected.shape(), toDoubles(actual), tol, what);
    }

    /** As {@link #assertClose(TensorData, float[], Tolerance, String)} for double results. */
    public static void assertClose(TensorData expected, double[] actual, Tolerance tol, String what) {
        assertClose(expected.toDoubleArray(), expected.shape(), actual, tol, what);
    }

    /** As above for plain arrays; {@code shape} is only used to print indices (may be null for flat). */
    public static void assertClose(double[] expected, long[] shape, double[] actual, Tolerance tol, String what) {
        if (expected.length != actual.length) {
            fail(what + ": expected " + expected.length + " values" + (shape == null ? "" : " " + Arrays.toString(shape))
                    + " but got " + actual.length);
        }
        int bad = 0;
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = tol.excess(expected[i], actual[i]);
            if (e > 0) {
                bad++;
                if (e > worstExcess || worst < 0) {
                    worstExcess = e;
                    worst = i;
                }
            }
        }
        if (bad > 0) {
            fail(what + ": " + bad + " of " + expected.length + " values outside " + tol + "; worst at "
                    + index(worst, shape) + ": expected " + expected[worst] + ", actual " + actual[worst]
                    + ", |diff| " + Math.abs(actual[worst] - expected[worst]));
        }
    }

    /** Asserts integer results equal the golden ones exactly, naming the first mismatch. */
    public static void assertEqual(TensorData expected, long[] actual, String what) {
        long[] e = expected.toLongArray();
        if (e.length != actual.length) {
            fail(what + ": expected " + e.length + " values " + Arrays.toString(expected.shape()) + " but got " + actual.length);
        }
        for (int i = 0; i < e.length; i++) {
            if (e[i] != actual[i]) {
                fail(what + ": first mismatch at " + index(i, expected.shape()) + ": expected " + e[i] + ", actual " + actual[i]);
            }
        }
    }

    private static String index(int flat, long[] shape) {
        if (shape == null || shape.length == 0) {
            return "[" + flat + "]";
        }
        long[] idx = new long[shape.length];
        long rest = flat;
        for (int d = shape.length - 1; d >= 0; d--) {
            long n = Math.max(shape[d], 1);
            idx[d] = rest % n;
            rest /= n;
        }
        return Arrays.toString(idx) + " (flat " + flat + ")";
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
