package dev.bindery.http.internal;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded queue in front of the model: at most {@code concurrency} requests run, at most {@code capacity} wait,
 * and a request beyond that is refused at once (the API answers 429) instead of piling up in memory.
 */
final class AdmissionQueue {
    /** A place in the queue; closing it gives the place (and the turn, once taken) back. */
    final class Ticket implements AutoCloseable {
        private boolean running;
        private boolean closed;

        /** Waits until the request may run. */
        void awaitTurn() throws InterruptedException {
            turns.acquire();
            running = true;
            waiting.decrementAndGet();
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (running) {
                turns.release();
            } else {
                waiting.decrementAndGet();
            }
            admitted.decrementAndGet();
        }
    }

    private final int concurrency;
    private final int capacity;
    private final Semaphore turns;
    private final AtomicInteger admitted = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();

    AdmissionQueue(int concurrency, int capacity) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1, was " + concurrency);
        }
        if (capacity < 0) {
            throw new IllegalArgumentException("queue capacity must be >= 0, was " + capacity);
        }
        this.concurrency = concurrency;
        this.capacity = capacity;
        this.turns = new Semaphore(concurrency, true);
    }

    /** A ticket, or {@code null} when every running place and every queue place is taken. */
    Ticket tryEnter() {
        while (true) {
            int now = admitted.get();
            if (now >= concurrency + capacity) {
                return null;
            }
            if (admitted.compareAndSet(now, now + 1)) {
                waiting.incrementAndGet();
                return new Ticket();
            }
        }
    }

    /** Requests waiting for a turn. */
    int depth() {
        return waiting.get();
    }

    /** Requests running or waiting. */
    int admitted() {
        return admitted.get();
    }

    int capacity() {
        return capacity;
    }

    int concurrency() {
        return concurrency;
    }
}
