package dev.elbo.bench;

import dev.elbo.core.Gemm;
import dev.elbo.core.Parallel;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Do two cores slow each other down? Each workload runs on one thread alone, then on two threads
 * at once, each thread on data of its own, and the table gives how much longer the pair took:
 * 1.00 means the cores are independent, and a product split between two threads can then come
 * close to 2× one thread; 1.20 means that even two independent halves take 20% longer each.
 *
 * <pre>
 * ./mvnw -B -pl bench -am package -DskipTests
 * java --add-modules=jdk.incubator.vector -cp bench/target/benchmarks.jar dev.elbo.bench.CoreInterference
 * </pre>
 * The workloads: multiply-adds on registers only; a stream of vector loads and multiply-adds over
 * a buffer that fits L1, L2, or neither; and {@link Gemm#mul} on 52×200×50, half of the IWAE
 * model's smallest batch-100 product, with elbo's threads set to 1 (so each thread runs a whole
 * product of its own). About 20 seconds.
 */
public final class CoreInterference {
    private CoreInterference() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int ROUNDS = 7;
    /** Each timed run lasts about this long on one thread. */
    private static final double RUN_SECONDS = 0.08;

    private static volatile double sink;

    /** A workload that does {@code reps} repetitions of its unit of work on data of its own. */
    private interface Work {
        double run(Data data, int reps);
    }

    /** One thread's data: a buffer for the streams, the three matrices for the product. */
    private static final class Data {
        final double[] buf;
        final double[] a = new double[52 * 50], b = new double[50 * 200], c = new double[52 * 200];

        Data(int bufDoubles, long seed) {
            SplittableRandom rnd = new SplittableRandom(seed);
            buf = rnd.doubles(bufDoubles, 0.5, 1).toArray();
            Arrays.setAll(a, i -> rnd.nextDouble(-1, 1));
            Arrays.setAll(b, i -> rnd.nextDouble(-1, 1));
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            System.err.println("usage: java --add-modules=jdk.incubator.vector -cp bench/target/benchmarks.jar "
                    + "dev.elbo.bench.CoreInterference   (no options)");
            System.exit(2);
        }
        Parallel.setThreads(1);
        System.out.printf(Locale.ROOT, "%-40s %14s %28s%n", "workload", "alone", "two at once: slowdown");
        row("multiply-adds on registers", 0, CoreInterference::registers, "GFLOP/s", 2.0 * 12 * S.length() * 1024);
        for (int kib : new int[] {16, 256, 4096}) {
            row("loads + multiply-adds, " + kib + " KiB buffer", kib * 128, CoreInterference::stream,
                    "GB/s", 8.0 * kib * 128);
        }
        row("Gemm.mul 52x200x50 (elbo, 1 thread each)", 0, CoreInterference::gemm, "GFLOP/s", 2.0 * 52 * 200 * 50);
    }

    /**
     * Times {@code work} alone and in pairs, {@link #ROUNDS} times each (alternating), and prints
     * the median rate alone and the median, least and most slowdown of the pair.
     */
    private static void row(String name, int bufDoubles, Work work, String unit, double unitsPerRep)
            throws Exception {
        Data[] data = {new Data(bufDoubles, 1), new Data(bufDoubles, 2)};
        int reps = calibrate(work, data[0]);
        double[] alone = new double[ROUNDS], slowdown = new double[ROUNDS];
        long[] took = new long[2];
        CyclicBarrier start = new CyclicBarrier(2);
        for (int r = 0; r < ROUNDS; r++) {
            // Each thread's time in the pair against its own data alone: the buffers of the two
            // threads sit at different addresses, which alone can change the speed of a loop.
            long alone0 = time(work, data[0], reps), alone1 = time(work, data[1], reps);
            alone[r] = Math.min(alone0, alone1);
            Thread[] pair = new Thread[2];
            for (int t = 0; t < 2; t++) {
                int me = t;
                pair[t] = new Thread(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    took[me] = time(work, data[me], reps);
                });
                pair[t].start();
            }
            for (Thread t : pair) {
                t.join();
            }
            slowdown[r] = Math.max(took[0] / (double) alone0, took[1] / (double) alone1);
        }
        double[] sorted = alone.clone();
        Arrays.sort(sorted);
        double rate = unitsPerRep * reps / sorted[ROUNDS / 2];
        Arrays.sort(slowdown);
        System.out.printf(Locale.ROOT, "%-40s %8.1f %-7s %10.2f  (%.2f – %.2f)%n", name, rate, unit,
                slowdown[ROUNDS / 2], slowdown[0], slowdown[ROUNDS - 1]);
    }

    /**
     * Repetitions for a run of about {@link #RUN_SECONDS}, after warming up: single repetitions
     * for a second and a half, so the JIT compiles the loops as called from the timed runs.
     */
    private static int calibrate(Work work, Data data) {
        long warm = System.nanoTime();
        while (System.nanoTime() - warm < 1_500_000_000L) {
            sink = work.run(data, 1);
        }
        int reps = 1;
        while (true) {
            long ns = time(work, data, reps);
            if (ns > 2e7) {
                return (int) Math.max(1, reps * RUN_SECONDS * 1e9 / ns);
            }
            reps *= 2;
        }
    }

    private static long time(Work work, Data data, int reps) {
        long t0 = System.nanoTime();
        sink = work.run(data, reps);
        return System.nanoTime() - t0;
    }

    // The loops are small methods of their own, so that C2 keeps their vectors in registers.

    private static double registers(Data data, int reps) {
        double s = 0;
        for (int r = 0; r < reps; r++) {
            s += registerBlock(1 + r * 1e-9);
        }
        return s;
    }

    /** 1024 rounds of 12 independent vector multiply-adds: more than enough to fill the FMA pipes. */
    private static double registerBlock(double seed) {
        DoubleVector x = DoubleVector.broadcast(S, 0.999999), y = DoubleVector.broadcast(S, seed * 1e-9);
        DoubleVector c0 = y, c1 = y, c2 = y, c3 = y, c4 = y, c5 = y, c6 = y, c7 = y, c8 = y, c9 = y, c10 = y, c11 = y;
        for (int i = 0; i < 1024; i++) {
            c0 = c0.fma(x, y); c1 = c1.fma(x, y); c2 = c2.fma(x, y); c3 = c3.fma(x, y);
            c4 = c4.fma(x, y); c5 = c5.fma(x, y); c6 = c6.fma(x, y); c7 = c7.fma(x, y);
            c8 = c8.fma(x, y); c9 = c9.fma(x, y); c10 = c10.fma(x, y); c11 = c11.fma(x, y);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
    }

    private static double stream(Data data, int reps) {
        double s = 0;
        for (int r = 0; r < reps; r++) {
            s += streamPass(data.buf);
        }
        return s;
    }

    /** One pass of vector loads over the buffer, each into a multiply-add (four independent chains). */
    private static double streamPass(double[] buf) {
        int l = S.length();
        DoubleVector x = DoubleVector.broadcast(S, 0.999), c0 = DoubleVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        for (int i = 0; i + 4 * l <= buf.length; i += 4 * l) {
            c0 = DoubleVector.fromArray(S, buf, i).fma(x, c0);
            c1 = DoubleVector.fromArray(S, buf, i + l).fma(x, c1);
            c2 = DoubleVector.fromArray(S, buf, i + 2 * l).fma(x, c2);
            c3 = DoubleVector.fromArray(S, buf, i + 3 * l).fma(x, c3);
        }
        return c0.add(c1).add(c2).add(c3).reduceLanes(VectorOperators.ADD);
    }

    private static double gemm(Data data, int reps) {
        for (int r = 0; r < reps; r++) {
            Gemm.mul(52, 200, 50, data.a, 0, data.b, 0, data.c, 0, false);
        }
        return data.c[0];
    }
}
