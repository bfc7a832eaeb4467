package dev.bindery.llama.internal.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopSequencesTest {

    @Test
    void holdsBackWhatMayStartAStopSequence() {
        StopSequences s = new StopSequences(List.of("</answer>", "\n\n"));
        assertEquals("The cat", s.accept("The cat"));
        assertEquals("", s.accept("<"));
        assertEquals("", s.accept("/ans"));
        assertEquals("</ansX", s.accept("X"), "not a stop sequence after all: released");
        assertEquals("line", s.accept("line\n"));
        assertFalse(s.stopped());
        assertEquals("", s.accept("\nmore"));
        assertTrue(s.stopped());
        assertEquals("", s.accept("ignored after the stop"));
        assertEquals("", s.flush());
    }

    @Test
    void theEarliestStopSequenceWinsEvenInsideOneChunk() {
        StopSequences s = new StopSequences(List.of("xyz", "b"));
        assertEquals("a", s.accept("abxyz"));
        assertTrue(s.stopped());
    }

    @Test
    void overlappingPrefixesAreHeldAsLongAsNeeded() {
        StopSequences s = new StopSequences(List.of("aab"));
        assertEquals("", s.accept("a"));
        assertEquals("", s.accept("a"));
        assertEquals("a", s.accept("a"), "'aaa': only the last two can still start 'aab'");
        assertEquals("", s.accept("b"));
        assertTrue(s.stopped());
    }

    @Test
    void flushReleasesHeldTextAtTheEnd() {
        StopSequences s = new StopSequences(List.of("###"));
        assertEquals("done ", s.accept("done ##"));
        assertEquals("##", s.flush());
        assertFalse(s.stopped());
    }

    @Test
    void noStopSequencesPassEverythingAndEmptyOnesAreRefused() {
        StopSequences s = new StopSequences(List.of());
        assertEquals("anything", s.accept("anything"));
        assertThrows(IllegalArgumentException.class, () -> new StopSequences(List.of("")));
    }
}
