package dev.bindery.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecodeSummaryTest {
    @Test
    void statusLinesAreReadInBytes() {
        String status = "Name:\tjava\nVmHWM:\t  2048 kB\nVmRSS:\t  1024 kB\n";
        assertEquals(1024 * 1024, ProcessMemory.parse(status, "VmRSS"));
        assertEquals(2048 * 1024, ProcessMemory.parse(status, "VmHWM"));
        assertEquals(-1, ProcessMemory.parse(status, "VmSwap"));
    }

    @Test
    void trialReportLinesRoundTrip() {
        DecodeSummary.TrialReport r = DecodeSummary.TrialReport.parse("decode Q4_0 2 529000000 600000000 900 1000 700 800");
        assertEquals("decode/Q4_0/2", r.key());
        assertEquals(529000000L, r.bytesPerToken());
        assertEquals(1000, r.peakRss());
        assertEquals(700, r.heapUsed());
        assertEquals(800, r.heapCommitted());
        assertThrows(IllegalArgumentException.class, () -> DecodeSummary.TrialReport.parse("decode Q4_0 2"));
    }

    @Test
    void rowsWithoutResultsHoldNoDecodeRows() {
        List<Map<String, Object>> rows = DecodeSummary.summarise(List.of(), List.of("decode F32 1 1 2 3 4 5 6"), Map.of());
        assertEquals(List.of(), rows);
    }

    @Test
    void llamaBenchOutputGivesMedianDecodeAndPromptRatesPerThreadCount() throws Exception {
        // the shape of llama-bench -o json: one object per (test, thread count), rates per repetition
        String json = "build: 1234 (abc)\n[\n"
                + "{\"n_prompt\": 64, \"n_gen\": 0, \"n_threads\": 1, \"samples_ts\": [30.0, 10.0, 20.0]},\n"
                + "{\"n_prompt\": 0, \"n_gen\": 32, \"n_threads\": 1, \"samples_ts\": [5.0, 7.0, 6.0]},\n"
                + "{\"n_prompt\": 64, \"n_gen\": 0, \"n_threads\": 2, \"samples_ts\": [40.0, 50.0]},\n"
                + "{\"n_prompt\": 0, \"n_gen\": 32, \"n_threads\": 2, \"samples_ts\": [11.0]}\n]\n";
        LlamaCppBaseline.Figures f = LlamaCppBaseline.parse(json, java.nio.file.Path.of("m.gguf"));
        assertEquals(6.0, f.decode()[0]);
        assertEquals(11.0, f.decode()[1]);
        assertEquals(20.0, f.prompt()[0]);
        assertEquals(45.0, f.prompt()[1]);
        assertThrows(java.io.IOException.class, () -> LlamaCppBaseline.parse("{}", java.nio.file.Path.of("m.gguf")));
    }

    @Test
    void forkSpreadIsTheSlowestForkOverTheFastest() {
        assertEquals(null, DecodeSummary.forkSpread(List.of(30.0)));
        assertEquals(4.0, DecodeSummary.forkSpread(List.of(30.0, 120.0, 60.0)), 1e-12);
        assertEquals(1, DecodeSummary.forks(null));
        assertEquals(3, DecodeSummary.forks(" 3 "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DecodeSummary.forks("0"));
        assertEquals(true, e.getMessage().contains(DecodeSummary.FORKS_PROPERTY));
        assertThrows(IllegalArgumentException.class, () -> DecodeSummary.forks("two"));
    }

    @Test
    void decodeIsAGroup() {
        assertEquals(java.util.EnumSet.of(BenchMain.Group.DECODE), BenchMain.parseGroups("decode"));
    }
}
