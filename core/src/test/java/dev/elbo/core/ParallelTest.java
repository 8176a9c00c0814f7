package dev.elbo.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ParallelTest {
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    static Stream<Arguments> sizesAndThreads() {
        List<Arguments> cases = new ArrayList<>();
        for (int threads = 1; threads <= 5; threads++) {
            for (int n : new int[] {0, 1, 2, 3, 4, 5, 7, 10, 13, 100, 1001}) {
                cases.add(Arguments.of(n, threads));
            }
        }
        return cases.stream();
    }

    /** Every index once, in min(threads, n) contiguous parts t = [t·n/p, (t+1)·n/p). */
    @ParameterizedTest(name = "n={0} threads={1}")
    @MethodSource("sizesAndThreads")
    void coversEveryIndexOnceInTheDocumentedParts(int n, int threads) {
        Parallel.setThreads(threads);
        AtomicIntegerArray hits = new AtomicIntegerArray(n);
        List<int[]> ranges = Collections.synchronizedList(new ArrayList<>());
        Parallel.forRange(n, (from, to) -> {
            ranges.add(new int[] {from, to});
            for (int i = from; i < to; i++) {
                hits.incrementAndGet(i);
            }
        });
        for (int i = 0; i < n; i++) {
            assertEquals(1, hits.get(i), "index " + i);
        }
        int parts = Math.min(threads, n);
        assertEquals(parts, ranges.size());
        ranges.sort((x, y) -> Integer.compare(x[0], y[0]));
        for (int t = 0; t < parts; t++) {
            int from = (int) ((long) t * n / parts);
            int to = (int) ((long) (t + 1) * n / parts);
            assertArrayEquals(new int[] {from, to}, ranges.get(t), "part " + t);
        }
    }

    /** Each part waits until all three have started: only possible if they run concurrently. */
    @Test
    void partsRunConcurrentlyOnDistinctThreads() {
        Parallel.setThreads(3);
        ConcurrentHashMap<Thread, Boolean> seen = new ConcurrentHashMap<>();
        CountDownLatch started = new CountDownLatch(3);
        Parallel.forRange(3, (from, to) -> {
            seen.put(Thread.currentThread(), true);
            started.countDown();
            try {
                assertTrue(started.await(30, java.util.concurrent.TimeUnit.SECONDS), "parts did not overlap");
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(3, seen.size());
        assertTrue(seen.containsKey(Thread.currentThread()), "the caller runs part 0");
    }

    @Test
    void workerExceptionReachesTheCallerAndThePoolStillWorks() {
        Parallel.setThreads(3);
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> Parallel.forRange(9, (from, to) -> {
                    if (from == 3) { // part 1, on a worker
                        throw boom;
                    }
                }));
        assertSame(boom, thrown);
        AtomicIntegerArray hits = new AtomicIntegerArray(9);
        Parallel.forRange(9, (from, to) -> {
            for (int i = from; i < to; i++) {
                hits.incrementAndGet(i);
            }
        });
        for (int i = 0; i < 9; i++) {
            assertEquals(1, hits.get(i));
        }
    }

    @Test
    void lowestFailingPartWinsOthersSuppressed() {
        Parallel.setThreads(3);
        AssertionError error = new AssertionError("part 2");
        RuntimeException first = new RuntimeException("part 0");
        RuntimeException thrown = assertThrows(RuntimeException.class,
                () -> Parallel.forRange(3, (from, to) -> {
                    if (from == 2) {
                        throw error;
                    }
                    if (from == 0) {
                        throw first;
                    }
                }));
        assertSame(first, thrown);
        assertSame(error, thrown.getSuppressed()[0]);
    }

    @Test
    void nestedCallsRunInlineWithoutDeadlock() {
        Parallel.setThreads(2);
        AtomicIntegerArray hits = new AtomicIntegerArray(40);
        Parallel.forRange(4, (from, to) -> {
            for (int outer = from; outer < to; outer++) {
                int base = outer * 10;
                Parallel.forRange(10, (f, t) -> {
                    for (int i = f; i < t; i++) {
                        hits.incrementAndGet(base + i);
                    }
                });
            }
        });
        for (int i = 0; i < 40; i++) {
            assertEquals(1, hits.get(i), "index " + i);
        }
    }

    @Test
    void concurrentCallersAllComplete() throws Exception {
        Parallel.setThreads(2);
        int callers = 4;
        int[][] sums = new int[callers][200];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(callers);
        for (int c = 0; c < callers; c++) {
            int id = c;
            Thread t = new Thread(() -> {
                try {
                    for (int rep = 0; rep < 200; rep++) {
                        int[] row = sums[id];
                        Parallel.forRange(row.length, (from, to) -> {
                            for (int i = from; i < to; i++) {
                                row[i]++;
                            }
                        });
                    }
                } catch (Throwable e) {
                    failure.set(e);
                } finally {
                    done.countDown();
                }
            });
            t.start();
        }
        assertTrue(done.await(60, java.util.concurrent.TimeUnit.SECONDS));
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        for (int[] row : sums) {
            for (int v : row) {
                assertEquals(200, v);
            }
        }
    }

    /** A task that throws in some parts, run while the pool is busy (nested): same rules as the pool. */
    @Test
    void nestedCallsReportExceptionsLikeThePool() {
        Parallel.setThreads(3);
        AtomicIntegerArray ran = new AtomicIntegerArray(3);
        RuntimeException first = new RuntimeException("inner part 1");
        RuntimeException second = new RuntimeException("inner part 2");
        // Two outer parts keep the pool busy; outer part 0 makes the nested call, which runs inline.
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> Parallel.forRange(2, (f, t) -> {
            if (f == 0) {
                Parallel.forRange(3, (from, to) -> {
                    ran.incrementAndGet(from);
                    if (from > 0) {
                        throw from == 1 ? first : second;
                    }
                });
            }
        }));
        assertSame(first, thrown);
        assertSame(second, thrown.getSuppressed()[0]);
        for (int i = 0; i < 3; i++) {
            assertEquals(1, ran.get(i), "every part ran");
        }
    }

    @ParameterizedTest(name = "-Delbo.threads={0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"3", "0", "many"})
    void threadCountFromTheSystemProperty(String value) throws Exception {
        Process p = new ProcessBuilder(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Delbo.threads=" + value, "-cp", System.getProperty("java.class.path"),
                ParallelThreadsMain.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        if (value.equals("3")) {
            assertTrue(out.contains("threads=3"), out);
        } else {
            int cpus = Runtime.getRuntime().availableProcessors();
            assertTrue(out.contains("threads=" + cpus) && out.contains("ignoring -Delbo.threads=" + value), out);
        }
    }

    @Test
    void rejectsBadArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
        assertTrue(e.getMessage().contains("Parallel.setThreads"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Parallel.forRange(-1, (from, to) -> { }));
        Parallel.setThreads(7);
        assertEquals(7, Parallel.threads());
    }

    /**
     * Steady state: dispatching a job, and parallel Gemm calls, allocate nothing on the calling
     * thread. Until the JIT has compiled the kernels the Vector API allocates, so batches are
     * measured until one allocates nothing (or the test gives up).
     */
    @Test
    void noAllocationPerCallInSteadyState() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Parallel.setThreads(2);
        long[] sink = new long[2];
        Parallel.RangeTask task = (from, to) -> sink[from == 0 ? 0 : 1] += to - from;
        int m = 32, n = 64, k = 40; // above the parallel threshold
        double[] a = new double[m * k];
        double[] b = new double[k * n];
        double[] c = new double[m * n];
        long allocated = -1;
        for (int batch = 0; batch < 100 && allocated != 0; batch++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int rep = 0; rep < 100; rep++) {
                Parallel.forRange(100, task);
                Gemm.mul(m, n, k, a, 0, b, 0, c, 0, false);
                Gemm.mulTransB(m, n, k, a, 0, b, 0, c, 0, true);
                Gemm.mulTransA(m, n, k, a, 0, b, 0, c, 0, false);
            }
            allocated = mx.getCurrentThreadAllocatedBytes() - before;
        }
        assertEquals(0, allocated, "bytes allocated by 400 calls in the last batch");
    }
}
