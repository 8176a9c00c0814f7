package dev.elbo.bench;

import dev.elbo.core.Parallel;

/**
 * The same block of work on 1 thread and on N, alternating in one JVM: 1 thread first in even
 * blocks, N first in odd ones, so a change in the machine's load during the run falls on both
 * alike. The JIT compiles one program for both thread counts, which separate runs do not share.
 * Used by {@link GemmThreadScaling} and {@link StepThreadScaling}.
 */
final class ThreadAlternation {
    private ThreadAlternation() {}

    /**
     * Runs {@code block} alternately on 1 and {@code threads} threads, first for at least
     * {@code warmupBlocks} pairs and {@code warmupNanos} (not timed), then for {@code blocks}
     * timed pairs. Returns the nanoseconds of each timed block, {@code [0][b]} on one thread and
     * {@code [1][b]} on {@code threads}, in the order run. Parallel's thread count is restored.
     */
    static long[][] run(int threads, int blocks, int warmupBlocks, long warmupNanos, Runnable block) {
        long[][] nanos = new long[2][blocks];
        int[] counts = {1, threads};
        int saved = Parallel.threads();
        try {
            long warmEnd = System.nanoTime() + warmupNanos;
            for (int w = 0; w < warmupBlocks || System.nanoTime() < warmEnd; w++) {
                for (int i = 0; i < 2; i++) {
                    Parallel.setThreads(counts[i]);
                    block.run();
                }
            }
            for (int b = 0; b < blocks; b++) {
                for (int i = 0; i < 2; i++) {
                    int which = (i + b) % 2;
                    Parallel.setThreads(counts[which]);
                    long t0 = System.nanoTime();
                    block.run();
                    nanos[which][b] = System.nanoTime() - t0;
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
        return nanos;
    }
}
