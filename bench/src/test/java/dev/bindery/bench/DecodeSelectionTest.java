package dev.bindery.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DecodeSelectionTest {
    @Test
    void narrowsFormatsThreadsAndMethods() {
        DecodeSelection s = DecodeSelection.ALL.withFormats("q4_0, Q8_0").withThreads("1").withMethods("decode");
        assertEquals(List.of("Q4_0", "Q8_0"), s.formatsOr(List.of("F32", "Q8_0", "Q4_0")));
        assertEquals(List.of("1"), s.threads());
        Pattern p = Pattern.compile(s.includePattern());
        assertTrue(p.matcher("dev.bindery.bench.DecodeBenchmark.decode").find());
        assertTrue(!p.matcher("dev.bindery.bench.DecodeBenchmark.prompt").find(), "prompt is left out");
    }

    @Test
    void emptyMeansEverything() {
        assertEquals(List.of("F32", "Q4_0"), DecodeSelection.ALL.formatsOr(List.of("F32", "Q4_0")));
        Pattern p = Pattern.compile(DecodeSelection.ALL.includePattern());
        assertTrue(p.matcher("dev.bindery.bench.DecodeBenchmark.prompt").find());
    }

    @Test
    void badValuesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DecodeSelection.ALL.withThreads("0"));
        assertTrue(e.getMessage().contains(DecodeSelection.THREADS_PROPERTY), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DecodeSelection.ALL.withMethods("encode"));
    }
}
