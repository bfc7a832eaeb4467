package dev.bindery.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import dev.bindery.api.BinderyException;
import dev.bindery.api.assistant.Answer;
import dev.bindery.api.assistant.Assistant;
import dev.bindery.api.assistant.AssistantRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Threads asking the same request over and over (streamed answers), recording each answer's start and end times and
 * strategy and each failure, while the test switches things underneath them.
 */
final class HotSwapLoad implements AutoCloseable {
    /** An action of the test that may throw (a shell command, a configuration update). */
    interface Step {
        void run() throws Exception;
    }

    /** One answered request. */
    static final class Done {
        final long start;
        final long end;
        final String strategy;

        Done(long start, long end, String strategy) {
            this.start = start;
            this.end = end;
            this.strategy = strategy;
        }
    }

    /** One strategy switch: what it switched to and when the test issued it. */
    private static final class Switch {
        final String strategy;
        final long issued;

        Switch(String strategy, long issued) {
            this.strategy = strategy;
            this.issued = issued;
        }
    }

    final ConcurrentLinkedQueue<Done> answers = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<long[]> failedTimes = new ConcurrentLinkedQueue<>();
    private final List<Switch> switches = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    HotSwapLoad(Assistant assistant, AssistantRequest request, int threadCount) {
        for (int t = 0; t < threadCount; t++) {
            Thread thread = new Thread(() -> {
                while (!stop.get()) {
                    long start = System.nanoTime();
                    try {
                        StringBuilder streamed = new StringBuilder();
                        Answer answer = assistant.ask(request, streamed::append).await();
                        answers.add(new Done(start, System.nanoTime(), answer.strategy()));
                    } catch (BinderyException | RuntimeException e) {
                        failures.add(e);
                        failedTimes.add(new long[] {start, System.nanoTime()});
                    } catch (InterruptedException e) {
                        return;
                    }
                    signal();
                }
            }, "hotswap-load-" + t);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Waits (bounded by the fixture's wait) until {@code count} requests started after {@code t} have ended. */
    void awaitAnswersAfter(long t, int count) {
        long deadline = System.nanoTime() + HotSwapFixture.WAIT_MS * 1_000_000L;
        while (answers.stream().filter(d -> d.start > t).count() + failures.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no answers under load; failures: " + failures);
            }
            pause();
        }
    }

    /**
     * Issues a switch to {@code strategy} with {@code step}, then waits until an answer started after it used the
     * new strategy and two more requests started after that answer ended.
     */
    void switchTo(String strategy, Step step) throws Exception {
        long issued = System.nanoTime();
        switches.add(new Switch(strategy, issued));
        step.run();
        long deadline = System.nanoTime() + HotSwapFixture.WAIT_MS * 1_000_000L;
        Done first;
        while ((first = firstOf(strategy, issued, Long.MAX_VALUE)) == null) {
            if (System.nanoTime() > deadline || !failures.isEmpty()) {
                throw new AssertionError("the switch to " + strategy + " never took effect; failures: " + failures);
            }
            pause();
        }
        awaitAnswersAfter(first.end, 2);
    }

    private synchronized void signal() {
        notifyAll();
    }

    /** Waits for the next answer (or a moment): the machine has few cores, a busy wait would slow the load. */
    private synchronized void pause() {
        try {
            wait(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The answer with {@code strategy} that ended first among those started in [from, to). */
    private Done firstOf(String strategy, long from, long to) {
        Done best = null;
        for (Done d : answers) {
            if (strategy.equals(d.strategy) && d.start >= from && d.start < to && (best == null || d.end < best.end)) {
                best = d;
            }
        }
        return best;
    }

    /**
     * Once a request answered with the new strategy, every request started after that answer ended (and before the
     * next switch) used it too: the change applies to the next request. Before the first switch every answer used
     * {@code initial}.
     */
    void assertEverySwitchHeld(String initial) {
        long firstSwitch = switches.isEmpty() ? Long.MAX_VALUE : switches.get(0).issued;
        for (Done d : answers) {
            if (d.start < firstSwitch) {
                assertEquals("an answer before any switch", initial, d.strategy);
            }
        }
        for (int k = 0; k < switches.size(); k++) {
            Switch s = switches.get(k);
            long next = k + 1 < switches.size() ? switches.get(k + 1).issued : Long.MAX_VALUE;
            Done first = firstOf(s.strategy, s.issued, next);
            assertNotNull("switch " + (k + 1) + " to " + s.strategy + " took effect", first);
            for (Done d : answers) {
                if (d.start > first.end && d.start < next) {
                    assertEquals("switch " + (k + 1) + ": a request started after the first " + s.strategy
                            + " answer", s.strategy, d.strategy);
                }
            }
        }
    }

    /** Requests (answered or failed) that were running at {@code t}. */
    int inFlightAt(long t) {
        int n = 0;
        for (Done d : answers) {
            if (d.start <= t && d.end >= t) {
                n++;
            }
        }
        for (long[] f : failedTimes) {
            if (f[0] <= t && f[1] >= t) {
                n++;
            }
        }
        return n;
    }

    /** How many answers, failures and, per switch, answers with the old strategy that started after it was issued. */
    String report() {
        StringBuilder s = new StringBuilder(answers.size() + " answers, " + failures.size() + " failed");
        for (int k = 0; k < switches.size(); k++) {
            Switch sw = switches.get(k);
            long next = k + 1 < switches.size() ? switches.get(k + 1).issued : Long.MAX_VALUE;
            long late = answers.stream().filter(d -> d.start >= sw.issued && d.start < next
                    && !sw.strategy.equals(d.strategy)).count();
            s.append("; switch to ").append(sw.strategy).append(": ").append(late)
                    .append(" request(s) started after it still used the old strategy");
        }
        return s.toString();
    }

    void stop() throws InterruptedException {
        stop.set(true);
        for (Thread thread : threads) {
            thread.join(HotSwapFixture.WAIT_MS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
