package dev.elbo.core;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A small pool of daemon threads for splitting one loop over contiguous index ranges.
 *
 * <p>{@link #forRange(int, RangeTask)} cuts {@code [0, n)} into {@code p = min(threads(), n)}
 * contiguous parts, part {@code t} being {@code [t·n/p, (t+1)·n/p)}: the partition depends only
 * on {@code n} and the thread count, never on timing. The calling thread runs part 0, then, like
 * the workers, claims parts nobody has started, and returns when all are done. For results that
 * do not depend on the thread count, a task must compute each output from its index alone (as
 * {@link Gemm} does: work is split by output rows or columns, never by the reduction index).
 *
 * <p>Why not an {@code ExecutorService}: the products of a small network take 0.1–1 ms, so a
 * dispatch must cost microseconds and allocate nothing. Workers spin briefly on a volatile word
 * after each job (a training step issues products back to back) and park after
 * {@link #SPIN_NANOS} without work, so an idle pool costs no CPU. Because parts are claimed, not
 * assigned, a worker that the OS has not scheduled (a busy machine) does not hold the caller up.
 *
 * <p>One job runs on the pool at a time. A call made while the pool is busy (from inside a task,
 * or from a second thread) runs its parts one after another on the calling thread: the same
 * partition, the same handling of exceptions.
 *
 * <p>The thread count defaults to {@link Runtime#availableProcessors()}, or to
 * {@code -Delbo.threads=N}.
 */
public final class Parallel {
    private Parallel() {}

    /** A loop body over a contiguous index range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    /** Most threads {@link #setThreads} accepts (a job's part count must fit in 16 bits). */
    public static final int MAX_THREADS = 4096;

    /**
     * How long an idle worker (or a waiting caller) stays awake before it parks: it spins for the
     * first eighth, then yields its core to any other runnable thread (on a busy machine that may
     * be the very worker it waits for).
     */
    static final long SPIN_NANOS = 200_000;

    /** One step of waiting that began at {@code start}; false once it is time to park. */
    private static boolean keepSpinning(long start) {
        long waited = System.nanoTime() - start;
        if (waited < SPIN_NANOS / 8) {
            Thread.onSpinWait();
            return true;
        }
        if (waited < SPIN_NANOS) {
            Thread.yield();
            return true;
        }
        return false;
    }

    private static volatile int threads = initialThreads();

    private static final Pool POOL = new Pool();

    /** The number of threads {@link #forRange} uses, counting the calling thread. */
    public static int threads() {
        return threads;
    }

    /** Sets the number of threads {@link #forRange} uses (1 = run everything on the caller). */
    public static void setThreads(int n) {
        if (n < 1 || n > MAX_THREADS) {
            throw new IllegalArgumentException(
                    "Parallel.setThreads: thread count must be in [1, " + MAX_THREADS + "], got " + n);
        }
        threads = n;
    }

    /** The number of parts {@link #forRange} cuts {@code [0, n)} into at the current thread count. */
    public static int parts(int n) {
        return Math.max(0, Math.min(threads, n));
    }

    /** Start of part {@code t} of {@code parts} over {@code [0, n)}: {@code floor(t·n/parts)}. */
    public static int partStart(int n, int parts, int t) {
        return (int) ((long) t * n / parts);
    }

    /**
     * Runs {@code task} over {@code [0, n)} split into {@link #parts(int) parts(n)} contiguous
     * ranges, in parallel, and returns when all have finished. If parts throw, the exception of
     * the lowest-numbered failing part is rethrown in the caller (after every part has ended);
     * the others are attached to it as suppressed exceptions.
     */
    public static void forRange(int n, RangeTask task) {
        if (n < 0) {
            throw new IllegalArgumentException("Parallel.forRange: n must be >= 0, got " + n);
        }
        int parts = parts(n);
        if (parts == 0) {
            return;
        }
        if (parts == 1) {
            task.run(0, n);
            return;
        }
        POOL.run(n, parts, task);
    }

    private static int initialThreads() {
        int cpus = Runtime.getRuntime().availableProcessors();
        String prop = System.getProperty("elbo.threads");
        if (prop == null || prop.isBlank()) {
            return Math.min(cpus, MAX_THREADS);
        }
        try {
            int n = Integer.parseInt(prop.trim());
            if (n >= 1 && n <= MAX_THREADS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the warning
        }
        System.err.println("elbo: warning: ignoring -Delbo.threads=" + prop
                + " (expected an integer in [1, " + MAX_THREADS + "]), using " + cpus);
        return Math.min(cpus, MAX_THREADS);
    }

    /**
     * Workers and the one job they share. The parts of a job are fixed by {@code (n, parts)}; who
     * runs which part is not: every participant (the caller included) claims the next unclaimed
     * part until none is left, so a worker the OS has not scheduled yet delays nobody.
     */
    private static final class Pool {
        /**
         * The current job's id (high 32 bits), its part count (16 bits) and the next part to
         * claim (low 16 bits), in one word so that a claim is one compare-and-set that cannot
         * land on another job.
         */
        private final AtomicLong state = new AtomicLong();
        private final AtomicBoolean busy = new AtomicBoolean();
        /** Parts of the current job not yet finished. */
        private final AtomicInteger pending = new AtomicInteger();
        private volatile Worker[] workers = new Worker[0];
        /** The exception of each part of the current job, or null. */
        private Throwable[] errors = new Throwable[0];
        /** The current job; written before {@link #state} publishes it. */
        private RangeTask task;
        private int n;
        /** The caller, once it has given up spinning and may park; null otherwise. */
        private volatile Thread waiter;

        void run(int n, int parts, RangeTask task) {
            if (!busy.compareAndSet(false, true)) {
                runInline(n, parts, task);
                return;
            }
            try {
                ensureWorkers(parts - 1);
                this.task = task;
                this.n = n;
                pending.set(parts);
                long job = (state.get() >>> 32) + 1;
                state.set(job << 32 | (long) parts << 16 | 1); // part 0 is the caller's
                Worker[] ws = workers;
                for (int w = 0; w < parts - 1; w++) {
                    ws[w].wake();
                }
                runPart(0, parts);
                claimParts(job);
                awaitParts();
                rethrowFirst(parts);
            } finally {
                this.task = null;
                busy.set(false);
            }
        }

        /** The parts in order on the calling thread, with the exceptions handled as by the pool. */
        private static void runInline(int n, int parts, RangeTask task) {
            Throwable first = null;
            for (int t = 0; t < parts; t++) {
                try {
                    task.run(partStart(n, parts, t), partStart(n, parts, t + 1));
                } catch (Throwable e) {
                    if (first == null) {
                        first = e;
                    } else if (e != first) {
                        first.addSuppressed(e);
                    }
                }
            }
            rethrow(first);
        }

        /** Claims and runs unclaimed parts of job {@code job} until none is left. */
        void claimParts(long job) {
            while (true) {
                long s = state.get();
                int parts = (int) (s >>> 16) & 0xFFFF;
                int next = (int) s & 0xFFFF;
                if (s >>> 32 != job || next >= parts) {
                    return;
                }
                if (state.compareAndSet(s, s + 1)) {
                    runPart(next, parts);
                }
            }
        }

        private void runPart(int t, int parts) {
            try {
                task.run(partStart(n, parts, t), partStart(n, parts, t + 1));
            } catch (Throwable e) {
                errors[t] = e;
            }
            if (pending.decrementAndGet() == 0) {
                Thread w = waiter;
                if (w != null) {
                    LockSupport.unpark(w);
                }
            }
        }

        private void awaitParts() {
            long start = System.nanoTime();
            while (pending.get() != 0) {
                if (!keepSpinning(start)) {
                    waiter = Thread.currentThread();
                    if (pending.get() != 0) {
                        LockSupport.park(this);
                    }
                    waiter = null;
                }
            }
        }

        private void rethrowFirst(int parts) {
            Throwable first = null;
            for (int t = 0; t < parts; t++) {
                Throwable e = errors[t];
                errors[t] = null;
                if (e == null) {
                    continue;
                }
                if (first == null) {
                    first = e;
                } else if (e != first) {
                    first.addSuppressed(e);
                }
            }
            rethrow(first);
        }

        private static void rethrow(Throwable e) {
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            if (e instanceof Error) {
                throw (Error) e;
            }
            if (e != null) { // a checked exception thrown sneakily
                throw new RuntimeException(e);
            }
        }

        private void ensureWorkers(int count) {
            if (errors.length < count + 1) {
                errors = new Throwable[count + 1];
            }
            Worker[] old = workers;
            if (old.length >= count) {
                return;
            }
            Worker[] grown = Arrays.copyOf(old, count);
            for (int i = old.length; i < count; i++) {
                grown[i] = new Worker(this, i);
                grown[i].start();
            }
            workers = grown;
        }

        long state() {
            return state.get();
        }
    }

    /**
     * A daemon thread that helps with the jobs of the pool: worker {@code i} takes part in jobs
     * of more than {@code i + 1} parts, and spins, then parks, in between.
     */
    private static final class Worker extends Thread {
        private final Pool pool;
        private final int index;
        private volatile boolean parked;

        Worker(Pool pool, int index) {
            super("elbo-parallel-" + (index + 1));
            this.pool = pool;
            this.index = index;
            setDaemon(true);
        }

        /** Called after a new job is published. */
        void wake() {
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        @Override
        public void run() {
            long seen = 0; // id of the last job looked at
            while (true) {
                long s = pool.state();
                if (s >>> 32 != seen) {
                    seen = s >>> 32;
                    if (index + 1 < ((int) (s >>> 16) & 0xFFFF)) {
                        pool.claimParts(seen);
                    }
                    continue;
                }
                long start = System.nanoTime();
                while (pool.state() >>> 32 == seen) {
                    if (!keepSpinning(start)) {
                        parked = true;
                        if (pool.state() >>> 32 == seen) {
                            LockSupport.park(this);
                        }
                        parked = false;
                        start = System.nanoTime();
                    }
                }
            }
        }
    }
}
