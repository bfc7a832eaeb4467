package dev.bindery.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bindery.tensor.DType;
import org.junit.jupiter.api.Test;

/** The conversions the summaries rest on. */
class BenchMathTest {
    @Test
    void bandwidthIsBytesOverTime() {
        assertEquals(2.0, BenchMain.gbPerSecond(2_000_000_000L, 1000), 1e-12);
        assertEquals(0.5, BenchMain.gbPerSecond(5_000_000L, 10), 1e-12);
    }

    @Test
    void weightBytesFollowTheStorageFormat() {
        long values = (long) MatVecBenchmark.ROWS * MatVecBenchmark.COLS;
        assertEquals(values * 4, MatVecBenchmark.weightBytes(DType.F32));
        assertEquals(values * 2, MatVecBenchmark.weightBytes(DType.F16));
        assertEquals(values / 32 * 34, MatVecBenchmark.weightBytes(DType.Q8_0));
        assertEquals(values / 32 * 18, MatVecBenchmark.weightBytes(DType.Q4_0));
    }
}
