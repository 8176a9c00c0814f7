package dev.elbo.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
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
     * be the very worker it waits for). Long enough to stay awake through the longest serial
     * stretches of a training step (binarizing the batch, the Adam update: about 0.5 ms each):
     * a parked worker took about 65 µs to wake on the 2-CPU test machine, and with 0.2 ms here a
     * 100×200×200 product right after 0.5 ms of serial work took 110 µs on two threads instead
     * of 45 (training: +3%, 1 and 2 threads alternating in one JVM).
     */
    static final long SPIN_NANOS = 2_000_000;

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

    // The words of the current job. A job is published, claimed part by part and counted done
    // in one 64-bit word: job id | parts | next part to claim | parts done. It shares a cache
    // line with the task and n, and with nothing else (padding on both sides): a small product
    // takes 10–20 µs, and every cache line that passes between the two cores costs about a
    // tenth of a microsecond. With the counters in separate atomics (next to each other, and
    // apart from the task) a two-thread job spent about 2.5 µs handing lines back and forth.
    private static final int DONE_BITS = 13, NEXT_SHIFT = 13, PARTS_SHIFT = 26, JOB_SHIFT = 39;
    private static final long FIELD = (1L << DONE_BITS) - 1; // parts ≤ MAX_THREADS = 4096 < 2^13
    private static final long JOB_IDS = (1L << (64 - JOB_SHIFT)) - 1;

    private static long jobOf(long s) {
        return s >>> JOB_SHIFT;
    }

    private static int partsOf(long s) {
        return (int) (s >>> PARTS_SHIFT & FIELD);
    }

    private static int nextOf(long s) {
        return (int) (s >>> NEXT_SHIFT & FIELD);
    }

    private static int doneOf(long s) {
        return (int) (s & FIELD);
    }

    /** Padding: 56 bytes before the job's fields. Superclass fields are laid out first. */
    @SuppressWarnings("unused")
    private static class PadBefore {
        long p1, p2, p3, p4, p5, p6, p7;
    }

    private static class JobFields extends PadBefore {
        /** job id | parts | next | done; see {@link #jobOf} and the others. */
        volatile long state;
        /** The current job; written before {@link #state} publishes it. */
        RangeTask task;
        int n;
    }

    /** The job's fields with 56 bytes of padding after them too: a cache line of their own. */
    @SuppressWarnings("unused")
    private static final class JobLine extends JobFields {
        long q1, q2, q3, q4, q5, q6, q7;
    }

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(JobFields.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Workers and the one job they share. The parts of a job are fixed by {@code (n, parts)}; who
     * runs which part is not: every participant (the caller included) claims the next unclaimed
     * part until none is left, so a worker the OS has not scheduled yet delays nobody.
     */
    private static final class Pool {
        private final JobLine job = new JobLine();
        private final AtomicBoolean busy = new AtomicBoolean();
        private volatile Worker[] workers = new Worker[0];
        /** The exception of each part of the current job, or null. */
        private Throwable[] errors = new Throwable[0];
        /** The caller, once it has given up spinning and may park; null otherwise. */
        private volatile Thread waiter;

        void run(int n, int parts, RangeTask task) {
            if (!busy.compareAndSet(false, true)) {
                runInline(n, parts, task);
                return;
            }
            JobLine line = job;
            try {
                ensureWorkers(parts - 1);
                line.task = task;
                line.n = n;
                // The next id follows the last one in the job's own word: a counter in this object
                // would put a line that every call writes on the path of every worker (which
                // reads this object's fields), one more transfer between the cores per job.
                long id = (jobOf((long) STATE.getVolatile(line)) + 1) & JOB_IDS;
                // part 0 is the caller's: next = 1, done = 0
                STATE.setVolatile(line, id << JOB_SHIFT | (long) parts << PARTS_SHIFT | 1L << NEXT_SHIFT);
                Worker[] ws = workers;
                for (int w = 0; w < parts - 1; w++) {
                    ws[w].wake();
                }
                runPart(0, parts);
                claimParts(id);
                awaitParts(parts);
                rethrowFirst(parts);
            } finally {
                line.task = null;
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

        /** Claims and runs unclaimed parts of job {@code id} until none is left. */
        void claimParts(long id) {
            JobLine line = job;
            while (true) {
                long s = (long) STATE.getVolatile(line);
                int next = nextOf(s);
                if (jobOf(s) != id || next >= partsOf(s)) {
                    return;
                }
                if (STATE.compareAndSet(line, s, s + (1L << NEXT_SHIFT))) {
                    runPart(next, partsOf(s));
                }
            }
        }

        /**
         * Runs part t of the current job and counts it done. The job cannot change meanwhile: the
         * caller waits for every part to be counted before it publishes another.
         */
        private void runPart(int t, int parts) {
            JobLine line = job;
            try {
                line.task.run(partStart(line.n, parts, t), partStart(line.n, parts, t + 1));
            } catch (Throwable e) {
                errors[t] = e;
            }
            long before = (long) STATE.getAndAdd(line, 1L); // done + 1; the other fields cannot change
            if (doneOf(before) + 1 == parts) {
                Thread w = waiter;
                if (w != null) {
                    LockSupport.unpark(w);
                }
            }
        }

        private void awaitParts(int parts) {
            JobLine line = job;
            long start = System.nanoTime();
            while (doneOf((long) STATE.getVolatile(line)) != parts) {
                if (!keepSpinning(start)) {
                    waiter = Thread.currentThread();
                    if (doneOf((long) STATE.getVolatile(line)) != parts) {
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
                if (e == null) {
                    continue;
                }
                errors[t] = null;
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
            return (long) STATE.getVolatile(job);
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
                if (jobOf(s) != seen) {
                    seen = jobOf(s);
                    if (index + 1 < partsOf(s)) {
                        pool.claimParts(seen);
                    }
                    continue;
                }
                long start = System.nanoTime();
                while (jobOf(pool.state()) == seen) {
                    if (!keepSpinning(start)) {
                        parked = true;
                        if (jobOf(pool.state()) == seen) {
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
