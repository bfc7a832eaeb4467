package dev.bindery.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AdmissionQueueTest {
    @Test
    void admitsConcurrencyPlusCapacityThenRefuses() throws Exception {
        AdmissionQueue queue = new AdmissionQueue(1, 2);
        AdmissionQueue.Ticket running = queue.tryEnter();
        running.awaitTurn();
        AdmissionQueue.Ticket a = queue.tryEnter();
        AdmissionQueue.Ticket b = queue.tryEnter();
        assertNotNull(a);
        assertNotNull(b);
        assertEquals(2, queue.depth());
        assertNull(queue.tryEnter(), "a fourth request exceeds 1 running + 2 waiting");
        a.close();
        assertEquals(1, queue.depth());
        AdmissionQueue.Ticket c = queue.tryEnter();
        assertNotNull(c);
        running.close();
        b.awaitTurn(); // the turn that was released
        assertEquals(1, queue.depth());
        b.close();
        c.awaitTurn();
        c.close();
        c.close(); // closing twice gives nothing back twice
        assertEquals(0, queue.admitted());
        assertEquals(0, queue.depth());
    }

    @Test
    void refusesNonsenseShapes() {
        assertThrows(IllegalArgumentException.class, () -> new AdmissionQueue(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new AdmissionQueue(1, -1));
    }
}
