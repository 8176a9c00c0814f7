package dev.elbo.core;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A small pool of daemon threads for splitting one loop over contiguous index ranges.
 *
 * <p>{@link #forRange(int, RangeTask)} cuts {@code [0, n)} into {@code p = min(threads(), n)}
 * contiguous parts, part {@code t} being {@code [t·n/p, (t+1)·n/p)}: the partition depends only
 * on {@code n} and the thread count. The calling thread runs part 0 itself and waits for the
 * others. For results that do not depend on the thread count, a task must compute each output
 * from its index alone (as {@link Gemm} does: work is split by output rows or columns, never by
 * the reduction index).
 *
 * <p>Why not an {@code ExecutorService}: the products of a small network take 0.1–1 ms, so a
 * dispatch must cost microseconds and allocate nothing. Workers spin briefly on a volatile
 * counter after each job (a training step issues products back to back) and park after
 * {@link #SPIN_NANOS} without work, so an idle pool costs no CPU.
 *
 * <p>One job runs on the pool at a time. A call made while the pool is busy (from inside a task,
 * or from a second thread) runs its parts one after another on the calling thread, which gives
 * the same partition and so the same results.
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

    /** How long an idle worker (or a waiting caller) spins before it parks. */
    static final long SPIN_NANOS = 200_000;

    private static volatile int threads = initialThreads();

    private static final Pool POOL = new Pool();

    /** The number of threads {@link #forRange} uses, counting the calling thread. */
    public static int threads() {
        return threads;
    }

    /** Sets the number of threads {@link #forRange} uses (1 = run everything on the caller). */
    public static void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Parallel.setThreads: thread count must be >= 1, got " + n);
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
            return cpus;
        }
        try {
            int n = Integer.parseInt(prop.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the warning
        }
        System.err.println("elbo: warning: ignoring -Delbo.threads=" + prop
                + " (expected an integer >= 1), using " + cpus);
        return cpus;
    }

    /** Workers and the one job they share. Fields of the job are guarded by {@code busy}. */
    private static final class Pool {
        private final AtomicBoolean busy = new AtomicBoolean();
        private final AtomicInteger pending = new AtomicInteger();
        private Worker[] workers = new Worker[0];
        private Throwable[] errors = new Throwable[0];
        private RangeTask task;
        private int n;
        private int parts;
        /** The caller, once it has given up spinning and may park; null otherwise. */
        private volatile Thread waiter;

        void run(int n, int parts, RangeTask task) {
            if (!busy.compareAndSet(false, true)) {
                for (int t = 0; t < parts; t++) {
                    task.run(partStart(n, parts, t), partStart(n, parts, t + 1));
                }
                return;
            }
            try {
                ensureWorkers(parts - 1);
                this.task = task;
                this.n = n;
                this.parts = parts;
                pending.set(parts - 1);
                for (int t = 1; t < parts; t++) {
                    workers[t - 1].hand(t);
                }
                try {
                    task.run(0, partStart(n, parts, 1));
                } catch (Throwable e) {
                    errors[0] = e;
                }
                awaitWorkers();
                rethrowFirst(parts);
            } finally {
                this.task = null;
                busy.set(false);
            }
        }

        /** Called by worker {@code t} (part t). */
        void runPart(int t) {
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

        private void awaitWorkers() {
            long start = System.nanoTime();
            while (pending.get() != 0) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
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
            if (first instanceof RuntimeException) {
                throw (RuntimeException) first;
            }
            if (first instanceof Error) {
                throw (Error) first;
            }
            if (first != null) {
                throw new RuntimeException(first);
            }
        }

        private void ensureWorkers(int count) {
            if (workers.length >= count) {
                return;
            }
            Worker[] grown = java.util.Arrays.copyOf(workers, count);
            for (int i = workers.length; i < count; i++) {
                grown[i] = new Worker(this, i + 1);
                grown[i].start();
            }
            workers = grown;
            errors = new Throwable[count + 1];
        }
    }

    /** A daemon thread that runs the parts it is handed, spinning then parking in between. */
    private static final class Worker extends Thread {
        private final Pool pool;
        /** Bumped by the caller for each part handed to this worker. */
        private volatile long assigned;
        private volatile boolean parked;
        private int part;

        Worker(Pool pool, int index) {
            super("elbo-parallel-" + index);
            this.pool = pool;
            setDaemon(true);
        }

        /** Hands part {@code t} of the pool's current job to this worker. */
        void hand(int t) {
            part = t; // published by the volatile write below
            assigned = assigned + 1;
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        @Override
        public void run() {
            long done = 0;
            while (true) {
                long start = System.nanoTime();
                while (assigned == done) {
                    if (System.nanoTime() - start < SPIN_NANOS) {
                        Thread.onSpinWait();
                    } else {
                        parked = true;
                        if (assigned == done) {
                            LockSupport.park(this);
                        }
                        parked = false;
                        start = System.nanoTime();
                    }
                }
                done++;
                pool.runPart(part);
            }
        }
    }
}
