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
        DecodeSummary.TrialReport r = DecodeSummary.TrialReport.parse("decode Q4_0 2 529000000 600000000 900 1000");
        assertEquals("decode/Q4_0/2", r.key());
        assertEquals(529000000L, r.bytesPerToken());
        assertEquals(1000, r.peakRss());
        assertThrows(IllegalArgumentException.class, () -> DecodeSummary.TrialReport.parse("decode Q4_0 2"));
    }

    @Test
    void rowsWithoutResultsHoldNoDecodeRows() {
        List<Map<String, Object>> rows = DecodeSummary.summarise(List.of(), List.of("decode F32 1 1 2 3 4"));
        assertEquals(List.of(), rows);
    }

    @Test
    void decodeIsAGroup() {
        assertEquals(java.util.EnumSet.of(BenchMain.Group.DECODE), BenchMain.parseGroups("decode"));
    }
}
