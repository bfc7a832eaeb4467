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
    void batchedRowsGiveGflopsAgainstTheMatVecOfTheSameRun() {
        double flops = 2.0 * MatVecBenchmark.ROWS * MatVecBenchmark.COLS;
        // 64 products in 64 ms against one mat-vec in 4 ms: 4x the mat-vec's rate
        var rows = BenchMain.matMulRows("Q4_0", "2", 64, 4.0);
        assertEquals("matmul.Q4_0.t2.gflops", rows.get(0).get("name"));
        assertEquals(flops / 1e6, (Double) rows.get(0).get("value"), 1e-9);
        assertEquals(flops / 4e6, (Double) rows.get(0).get("baseline"), 1e-9);
        assertEquals(4.0, (Double) rows.get(0).get("ratio"), 1e-12);
        assertEquals(64.0, (Double) rows.get(1).get("value"), 1e-12);
        assertEquals(null, BenchMain.matMulRows("F32", "1", 10, null).get(0).get("ratio"));
    }

    @Test
    void audioRowsCompareClipsPerSecondWithTheAnchor() {
        var rows = BenchMain.audioFileRows(".t2", 800);
        assertEquals("audio.file.t2.clips_per_s", rows.get(0).get("name"));
        assertEquals(3.75, (Double) rows.get(0).get("value"), 1e-12);
        assertEquals(1.875, (Double) rows.get(0).get("baseline"), 1e-12);
        assertEquals(2.0, (Double) rows.get(0).get("ratio"), 1e-12);
        assertEquals(800.0, (Double) rows.get(1).get("value"), 1e-12);
        assertEquals(0.5, (Double) rows.get(1).get("ratio"), 1e-12);
    }

    @Test
    void onlyTakesTheGroupNames() {
        assertEquals(java.util.EnumSet.of(BenchMain.Group.AUDIO, BenchMain.Group.POINT),
                BenchMain.parseGroups("audio, POINT"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> BenchMain.parseGroups("kernels,video"));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("video"), e.getMessage());
    }

    @Test
    void anOnlyRunKeepsTheOtherEncoderGroupsRows() {
        String previous = "[{\"name\":\"audio.file.t2.time\",\"value\":1.0},{\"name\":\"point.cloud.t2.time\","
                + "\"value\":2.0}]";
        var kept = BenchMain.otherGroupsRows(previous, java.util.EnumSet.of(BenchMain.Group.AUDIO));
        assertEquals(1, kept.size());
        assertEquals("point.cloud.t2.time", kept.get(0).get("name"));
        assertEquals(0, BenchMain.otherGroupsRows(previous, java.util.EnumSet.of(BenchMain.Group.AUDIO,
                BenchMain.Group.POINT)).size());
        assertEquals(0, BenchMain.otherGroupsRows("not json", java.util.EnumSet.of(BenchMain.Group.POINT)).size());
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
