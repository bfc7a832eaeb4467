package dev.bindery.tensor.kernel;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A dedicated pool of daemon threads for the kernels, with a {@link #parallelFor} over index ranges.
 *
 * <p>A pool of size {@code n} uses the calling thread plus {@code n - 1} workers named
 * {@code <name>-1 .. <name>-(n-1)}; a pool of size 1 has no workers and runs everything on the caller. The range
 * is cut into a few chunks per thread that threads claim one by one, so a thread slowed by other load on the
 * machine does not hold the others up. A {@code parallelFor} issued from one of this pool's own workers runs
 * inline (no nested fan-out, no deadlock).
 */
public final class Parallel implements AutoCloseable {
    /** System property that sizes {@link #common()}; default: the number of available processors. */
    public static final String THREADS_PROPERTY = "bindery.kernel.threads";

    private static final int CHUNKS_PER_THREAD = 4;
    private static volatile Parallel common;

    private final int threads;
    private final String name;
    private final ThreadPoolExecutor workers;

    /** Work over the index range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeTask {
        /** Processes indices {@code from} (inclusive) to {@code to} (exclusive). */
        void run(int from, int to);
    }

    /** A pool of {@code threads} threads (including the caller) with workers named {@code bindery-kernel-N}. */
    public Parallel(int threads) {
        this(threads, "bindery-kernel");
    }

    /**
     * A pool of {@code threads} threads (including the caller) whose workers are named {@code name-N}.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public Parallel(int threads, String name) {
        if (threads < 1) {
            throw new IllegalArgumentException("a pool needs at least one thread, not " + threads);
        }
        this.threads = threads;
        this.name = name;
        if (threads == 1) {
            workers = null;
        } else {
            AtomicInteger counter = new AtomicInteger();
            workers = new ThreadPoolExecutor(threads - 1, threads - 1, 0L, TimeUnit.MILLISECONDS,
                    new LinkedBlockingQueue<>(), r -> new Worker(this, r, name + "-" + counter.incrementAndGet()));
            workers.prestartAllCoreThreads();
        }
    }

    /**
     * The shared pool, created on first use with {@value #THREADS_PROPERTY} threads (default: available
     * processors). It lives as long as the JVM (daemon threads).
     */
    public static Parallel common() {
        Parallel p = common;
        if (p == null) {
            synchronized (Parallel.class) {
                p = common;
                if (p == null) {
                    p = new Parallel(Integer.getInteger(THREADS_PROPERTY, Runtime.getRuntime().availableProcessors()));
                    common = p;
                }
            }
        }
        return p;
    }

    /** Number of threads that share the work of one call, the caller included. */
    public int threads() {
        return threads;
    }

    /** Runs {@code task} over {@code [from, to)} with chunks of at least one index. */
    public void parallelFor(int from, int to, RangeTask task) {
        parallelFor(from, to, 1, task);
    }

    /**
     * Runs {@code task} over {@code [from, to)}, cut into contiguous chunks of at least {@code grain} indices, and
     * returns when every chunk is done. The first exception thrown by a chunk is rethrown here (after all
     * chunks have finished); the remaining chunks still run.
     */
    public void parallelFor(int from, int to, int grain, RangeTask task) {
        int n = to - from;
        if (n <= 0) {
            return;
        }
        int maxChunks = Math.max(1, n / Math.max(1, grain)); // every chunk gets at least `grain` indices
        int chunks = Math.min(maxChunks, threads * CHUNKS_PER_THREAD);
        if (chunks <= 1 || workers == null || isOwnWorker()) {
            task.run(from, to);
            return;
        }
        Job job = new Job(from, n, chunks, task);
        int helpers = Math.min(threads - 1, chunks - 1);
        CountDownLatch done = new CountDownLatch(helpers);
        for (int i = 0; i < helpers; i++) {
            workers.execute(() -> {
                try {
                    job.work();
                } finally {
                    done.countDown();
                }
            });
        }
        job.work();
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the chunks still write into the caller's arrays: wait for them
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable failure = job.failure.get();
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    private boolean isOwnWorker() {
        return Thread.currentThread() instanceof Worker w && w.owner == this;
    }

    /** Stops the workers; calls made afterwards fail. The {@link #common()} pool ignores this. */
    @Override
    public void close() {
        if (workers != null && this != common) {
            workers.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "Parallel[" + name + ", " + threads + " threads]";
    }

    /** One parallelFor call: chunks are claimed through a counter by whichever thread is free. */
    private static final class Job {
        private final int from;
        private final int n;
        private final int chunks;
        private final RangeTask task;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Job(int from, int n, int chunks, RangeTask task) {
            this.from = from;
            this.n = n;
            this.chunks = chunks;
            this.task = task;
        }

        void work() {
            int c;
            while ((c = next.getAndIncrement()) < chunks) {
                int start = from + (int) ((long) n * c / chunks);
                int end = from + (int) ((long) n * (c + 1) / chunks);
                try {
                    task.run(start, end);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }
        }
    }

    private static final class Worker extends Thread {
        final Parallel owner;

        Worker(Parallel owner, Runnable r, String name) {
            super(r, name);
            this.owner = owner;
            setDaemon(true);
        }
    }
}
