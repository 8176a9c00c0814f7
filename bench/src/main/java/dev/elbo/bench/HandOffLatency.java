package dev.elbo.bench;

import dev.elbo.core.Parallel;
import java.util.Arrays;

/**
 * How long {@link Parallel} takes to hand a job to a worker and to hear back, on this machine at
 * this moment: the worker's part records when it starts and ends, and the caller when it called
 * and when the call returned. Part 0 (the caller's) waits 3 µs, so the worker, not the caller,
 * claims part 1; part 1 lasts until 6 µs after the call, so the caller is already waiting when it
 * ends.
 *
 * <p>Why {@link GemmThreadScaling} prints it beside its table: on the 2-vCPU test machine both
 * figures changed from one period of minutes to the next within a session (2026-12-05: 0.45–0.65
 * and 0.31–0.36 µs in most periods, 0.13–0.18 and 0.09–0.14 µs in others), and the two-thread
 * speed of the small products changed with them (100×200×50 {@code A·B}: 1.74–1.80× one thread
 * in the fast periods, 1.38–1.65× in the slow ones; same code, same JVM flags). A table without
 * this line does not say which of the two machines it was measured on.
 */
final class HandOffLatency {
    private HandOffLatency() {}

    /** Median µs {from the call to the worker's start, from the worker's end to the return}. */
    static double[] measure(int jobs) {
        int saved = Parallel.threads();
        long[] called = new long[jobs], started = new long[jobs], ended = new long[jobs], returned = new long[jobs];
        boolean[] onWorker = new boolean[jobs];
        Thread caller = Thread.currentThread();
        int[] job = new int[1];
        Parallel.RangeTask task = (from, to) -> {
            if (from == 0) {
                long until = System.nanoTime() + 3_000;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            } else {
                int j = job[0];
                started[j] = System.nanoTime();
                onWorker[j] = Thread.currentThread() != caller;
                // end after the caller has finished its part, so that it is already waiting
                long until = called[j] + 6_000;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                ended[j] = System.nanoTime();
            }
        };
        try {
            Parallel.setThreads(2);
            for (int round = 0; round < 2; round++) { // the first round warms up
                for (int j = 0; j < jobs; j++) {
                    job[0] = j;
                    called[j] = System.nanoTime();
                    Parallel.forRange(2, task);
                    returned[j] = System.nanoTime();
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
        double[] start = new double[jobs], back = new double[jobs];
        int n = 0;
        for (int j = 0; j < jobs; j++) {
            if (onWorker[j]) {
                start[n] = (started[j] - called[j]) / 1e3;
                back[n] = (returned[j] - ended[j]) / 1e3;
                n++;
            }
        }
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        return new double[] {median(start, n), median(back, n)};
    }

    private static double median(double[] values, int n) {
        double[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        return sorted[n / 2];
    }
}
