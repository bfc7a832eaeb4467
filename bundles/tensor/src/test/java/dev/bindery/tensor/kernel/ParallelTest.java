package dev.bindery.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {

    @Test
    void everyIndexIsVisitedExactlyOnceOnNamedDaemonThreads() {
        try (Parallel p = new Parallel(3, "ptest")) {
            assertEquals(3, p.threads());
            for (int n : new int[] {0, 1, 2, 5, 11, 1000, 100_003}) {
                AtomicIntegerArray seen = new AtomicIntegerArray(n + 10);
                Set<Thread> threads = ConcurrentHashMap.newKeySet();
                p.parallelFor(10, 10 + n, (from, to) -> {
                    threads.add(Thread.currentThread());
                    for (int i = from; i < to; i++) {
                        seen.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < n + 10; i++) {
                    assertEquals(i < 10 ? 0 : 1, seen.get(i), "index " + i + " of n=" + n);
                }
                for (Thread t : threads) {
                    assertTrue(t == Thread.currentThread() || (t.isDaemon() && t.getName().startsWith("ptest-")), t.getName());
                }
            }
        }
    }

    @Test
    void grainLimitsTheNumberOfChunks() {
        try (Parallel p = new Parallel(2)) {
            Set<Integer> starts = ConcurrentHashMap.newKeySet();
            p.parallelFor(0, 100, 60, (from, to) -> starts.add(from));
            assertEquals(1, starts.size(), "fewer than 2 grains of work: one chunk");
        }
    }

    @Test
    void singleThreadPoolRunsOnTheCaller() {
        try (Parallel p = new Parallel(1)) {
            Thread caller = Thread.currentThread();
            int[] calls = new int[1];
            p.parallelFor(0, 1_000_000, (from, to) -> {
                assertSame(caller, Thread.currentThread());
                assertEquals(0, from);
                assertEquals(1_000_000, to);
                calls[0]++;
            });
            assertEquals(1, calls[0]);
        }
    }

    @Test
    void failuresPropagateAfterAllChunksFinish() {
        try (Parallel p = new Parallel(2)) {
            AtomicIntegerArray seen = new AtomicIntegerArray(64);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.parallelFor(0, 64, (from, to) -> {
                for (int i = from; i < to; i++) {
                    seen.incrementAndGet(i);
                }
                if (from == 0) {
                    throw new IllegalStateException("chunk 0 failed");
                }
            }));
            assertEquals("chunk 0 failed", e.getMessage());
            for (int i = 0; i < 64; i++) {
                assertEquals(1, seen.get(i));
            }
        }
    }

    @Test
    void nestedCallsFromWorkersRunInline() {
        try (Parallel p = new Parallel(2)) {
            AtomicIntegerArray seen = new AtomicIntegerArray(16 * 16);
            p.parallelFor(0, 16, (from, to) -> {
                for (int i = from; i < to; i++) {
                    int row = i;
                    p.parallelFor(0, 16, (a, b) -> {
                        for (int j = a; j < b; j++) {
                            seen.incrementAndGet(row * 16 + j);
                        }
                    });
                }
            });
            for (int i = 0; i < 256; i++) {
                assertEquals(1, seen.get(i));
            }
        }
    }

    @Test
    void concurrentCallersEachGetTheirWholeRangeAndIdleWorkersWakeUp() throws Exception {
        try (Parallel p = new Parallel(3, "shared")) {
            int callers = 4;
            int n = 4096;
            long[][] sums = new long[callers][1];
            Thread[] threads = new Thread[callers];
            Throwable[] failures = new Throwable[callers];
            for (int t = 0; t < callers; t++) {
                int id = t;
                threads[t] = new Thread(() -> {
                    try {
                        for (int round = 0; round < 200; round++) {
                            java.util.concurrent.atomic.AtomicLong sum = new java.util.concurrent.atomic.AtomicLong();
                            p.parallelFor(0, n, 16, (from, to) -> {
                                long local = 0;
                                for (int i = from; i < to; i++) {
                                    local += i;
                                }
                                sum.addAndGet(local);
                            });
                            assertEquals((long) n * (n - 1) / 2, sum.get(), "caller " + id + " round " + round);
                        }
                        sums[id][0] = 1;
                    } catch (Throwable e) {
                        failures[id] = e;
                    }
                });
                threads[t].start();
            }
            for (Thread t : threads) {
                t.join(60_000);
                assertTrue(!t.isAlive(), "a caller is stuck");
            }
            for (int t = 0; t < callers; t++) {
                if (failures[t] != null) {
                    throw new AssertionError("caller " + t, failures[t]);
                }
                assertEquals(1, sums[t][0]);
            }
        }
    }

    @Test
    void parkedWorkersWakeUpForTheNextCall() throws Exception {
        try (Parallel p = new Parallel(3, "sleepy")) {
            for (int round = 0; round < 3; round++) {
                awaitParked("sleepy-", 2);
                Set<String> names = ConcurrentHashMap.newKeySet();
                AtomicIntegerArray seen = new AtomicIntegerArray(64);
                // a first chunk that waits until another thread has claimed one: only a woken worker can
                CountDownLatch second = new CountDownLatch(1);
                p.parallelFor(0, 64, 1, (from, to) -> {
                    names.add(Thread.currentThread().getName());
                    if (from == 0) {
                        await(second);
                    } else {
                        second.countDown();
                    }
                    for (int i = from; i < to; i++) {
                        seen.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < 64; i++) {
                    assertEquals(1, seen.get(i), "round " + round + " index " + i);
                }
                assertTrue(names.stream().anyMatch(n -> n.startsWith("sleepy-")), "a parked worker took part: " + names);
            }
        }
    }

    /** Waits (deadline 30 s) until {@code count} threads named {@code prefix..} are parked. */
    private static void awaitParked(String prefix, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            long parked = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith(prefix) && t.getState() == Thread.State.WAITING).count();
            if (parked >= count) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "workers " + prefix + "* did not park");
            Thread.onSpinWait();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, java.util.concurrent.TimeUnit.SECONDS), "no second thread joined the call");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void aClosedPoolRefusesWork() {
        Parallel p = new Parallel(2, "closing");
        p.close();
        assertThrows(IllegalStateException.class, () -> p.parallelFor(0, 100, 1, (from, to) -> { }));
    }

    @Test
    void commonPoolIsSharedAndAtLeastOneThread() {
        assertSame(Parallel.common(), Parallel.common());
        assertTrue(Parallel.common().threads() >= 1);
        assertThrows(IllegalArgumentException.class, () -> new Parallel(0));
    }
}
