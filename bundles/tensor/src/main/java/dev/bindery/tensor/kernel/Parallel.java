package dev.bindery.tensor.kernel;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A dedicated pool of daemon threads for the kernels, with a {@link #parallelFor} over index ranges.
 *
 * <p>A pool of size {@code n} uses the calling thread plus {@code n - 1} workers named
 * {@code <name>-1 .. <name>-(n-1)}; a pool of size 1 has no workers and runs everything on the caller. The range
 * is cut into a few chunks per thread that threads claim one by one, so a thread slowed by other load on the
 * machine does not hold the others up. A {@code parallelFor} issued from one of this pool's own workers runs
 * inline (no nested fan-out, no deadlock).
 *
 * <p>A worker that runs out of work keeps polling for a while ({@value #SPIN_PROPERTY}, default 200 us) before it parks, and a caller waits
 * for its helpers the same way: decoding a token issues dozens of sub-millisecond calls back to back, and waking
 * a parked thread on a virtual machine took long enough that the caller had done most chunks alone by then.
 */
public final class Parallel implements AutoCloseable {
    /** System property that sizes {@link #common()}; default: the number of available processors. */
    public static final String THREADS_PROPERTY = "bindery.kernel.threads";

    private static final int CHUNKS_PER_THREAD = 4;
    /** System property: how long (ns) an idle worker, or a caller waiting for helpers, polls before it parks. */
    public static final String SPIN_PROPERTY = "bindery.kernel.spin.nanos";
    /** How long an idle worker, or a caller waiting for helpers, polls before it parks (default 200 us). */
    static final long SPIN_NANOS = Long.getLong(SPIN_PROPERTY, 200_000L);
    private static volatile Parallel common;

    private final int threads;
    private final String name;
    /** Null for a pool of one thread. */
    private final Worker[] workers;
    private final ConcurrentLinkedQueue<Job> queue = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

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
            workers = new Worker[threads - 1];
            for (int i = 0; i < workers.length; i++) {
                workers[i] = new Worker(this, name + "-" + (i + 1));
                workers[i].start();
            }
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
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
        Job job = new Job(from, n, chunks, task);
        int helpers = Math.min(threads - 1, chunks - 1);
        job.helpers.set(helpers);
        for (int i = 0; i < helpers; i++) {
            queue.offer(job);
        }
        for (Worker w : workers) {
            if (w.parked) {
                LockSupport.unpark(w);
            }
        }
        job.work();
        // Helpers that never got to the job (busy with another caller's) are taken back: their share is done.
        while (queue.remove(job)) {
            job.helpers.decrementAndGet();
        }
        job.awaitHelpers();
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
            closed = true;
            for (Worker w : workers) {
                LockSupport.unpark(w);
            }
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
        /** Helpers queued for this job that have not finished it yet. */
        private final AtomicInteger helpers = new AtomicInteger();
        private final Thread caller = Thread.currentThread();

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

        /** A helper's turn: its chunks, then a wake-up for the caller if it was the last one. */
        void help() {
            try {
                work();
            } finally {
                if (helpers.decrementAndGet() == 0) {
                    LockSupport.unpark(caller);
                }
            }
        }

        /** Returns once every helper has left the job: they may still be writing into the caller's arrays. */
        void awaitHelpers() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (helpers.get() > 0) {
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this); // interrupts do not end the wait: the helpers still write
                }
            }
        }
    }

    private static final class Worker extends Thread {
        final Parallel owner;
        /** Set while this worker is parked or about to park: a caller then unparks it. */
        volatile boolean parked;

        Worker(Parallel owner, String name) {
            super(name);
            this.owner = owner;
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!owner.closed) {
                Job job = next();
                if (job != null) {
                    job.help();
                }
            }
        }

        /** The next queued job: polled for a while, then parked for (a caller unparks parked workers). */
        private Job next() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            Job job;
            while ((job = owner.queue.poll()) == null && System.nanoTime() < spinUntil) {
                Thread.onSpinWait();
            }
            if (job != null) {
                return job;
            }
            parked = true;
            // checked again after announcing the park: a job queued before the flag was visible is not missed
            job = owner.queue.poll();
            if (job == null && !owner.closed) {
                LockSupport.park(this);
                job = owner.queue.poll();
            }
            parked = false;
            return job;
        }
    }
}
