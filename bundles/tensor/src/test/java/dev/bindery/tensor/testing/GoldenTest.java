package dev.bindery.tensor.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.tensor.TensorData;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The shared golden helpers themselves: tolerance rule, worst-element report, manifest access. */
class GoldenTest {

    @Test
    void toleranceRuleIsAtolPlusRtolTimesExpected() {
        Tolerance t = new Tolerance(1e-3, 1e-2);
        assertTrue(t.accepts(100, 101.0005)); // allowed deviation 1e-3 + 1e-2 * 100 = 1.001
        assertFalse(t.accepts(100, 101.0015));
        assertTrue(t.accepts(Double.NaN, Double.NaN));
        assertFalse(t.accepts(1, Double.NaN));
        assertTrue(Tolerance.EXACT.accepts(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY));
        assertFalse(Tolerance.EXACT.accepts(1, Math.nextUp(1.0)));
    }

    @Test
    void assertCloseReportsTheWorstElementByIndex() {
        TensorData expected = TensorData.ofFloats("e", new long[] {2, 3}, new float[] {0, 1, 2, 3, 4, 5});
        Golden.assertClose(expected, new float[] {0, 1, 2, 3, 4, 5.00001f}, new Tolerance(1e-4, 0), "ok");
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> Golden.assertClose(expected,
                new float[] {0, 1.1f, 2, 3, 4.5f, 5}, new Tolerance(1e-4, 0), "case x"));
        assertTrue(e.getMessage().contains("case x") && e.getMessage().contains("2 of 6")
                && e.getMessage().contains("[1, 1]"), e.getMessage());
        assertThrows(AssertionFailedError.class,
                () -> Golden.assertClose(expected, new float[5], Tolerance.EXACT, "length"));
        TensorData ids = TensorData.ofLongs("i", new long[] {3}, new long[] {1, 2, 3});
        Golden.assertEqual(ids, new long[] {1, 2, 3}, "ids");
        assertThrows(AssertionFailedError.class, () -> Golden.assertEqual(ids, new long[] {1, 2, 4}, "ids"));
    }

    @Test
    void manifestsGiveTolerancesShapesAndFileLists() {
        Manifest m = Golden.manifest("imagebind_llm_tiny");
        List<String> bind = m.npyFiles("bind/");
        assertFalse(bind.isEmpty());
        for (String f : bind) {
            assertTrue(f.startsWith("bind/") && f.endsWith(".npy"), f);
            assertTrue(m.tolerance(f).atol() >= 0);
            assertEquals(m.shape(f).length, Golden.npy("imagebind_llm_tiny/" + f).rank(), f);
        }
        assertThrows(IllegalArgumentException.class, () -> m.entry("no/such/file.npy"));
        assertFalse(Golden.list("imagebind_llm_tiny/bind", ".npy").isEmpty());
    }
}
