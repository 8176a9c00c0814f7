package dev.elbo.bench;

import dev.elbo.core.Gemm;
import dev.elbo.core.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Two threads against one on the same products, in one JVM: short blocks of calls on 1 thread and
 * on N threads alternate, on the same arrays and the same compiled code, and the table gives the
 * median time of each and their ratio. A JMH run measures 1 and N threads in separate forks,
 * and on a shared machine two forks can differ by 20% on one thread alone (the JIT compiles
 * them differently, and the neighbours change); alternating in one JVM cancels both.
 *
 * <pre>
 * ./mvnw -B -pl bench -am package -DskipTests
 * java --add-modules=jdk.incubator.vector -cp bench/target/benchmarks.jar dev.elbo.bench.GemmThreadScaling \
 *      [--layers iwae-784-200,iwae-200-200,iwae-50-200,iwae-200-784] [--threads 2] [--blocks 100]
 * </pre>
 * Layers are named as in {@link GemmShapes}; each block lasts 2 ms or more; the default run takes
 * 10–20 seconds. {@code -Delbo.gemm.split=rows} (or {@code cols}) before {@code -cp} makes every
 * product split its threads that way. The last line gives the hand-off latency of
 * {@link dev.elbo.core.Parallel} before and after the table: on a virtual machine it can change
 * from minute to minute, and the small products' ratios with it.
 */
public final class GemmThreadScaling {
    private GemmThreadScaling() {}

    private static final String[] VARIANTS = {"mul", "mulTransB", "mulTransA"};
    private static final int WARMUP_BLOCKS = 20;
    /** Jobs timed by {@link HandOffLatency} before and after the table (about 0.2 s each). */
    private static final int HAND_OFF_JOBS = 20_000;
    /** The ratio each batch-100 product should reach on 2 threads (docs/performance.md, "Targets"). */
    private static final double SCALING_TARGET = 1.7;

    public static void main(String[] args) {
        try {
            ToolOptions options = new ToolOptions(args, "--layers", "--threads", "--blocks");
            String layers = options.text("--layers", "iwae-784-200,iwae-200-200,iwae-50-200,iwae-200-784");
            int threads = options.positive("--threads", 2, Parallel.MAX_THREADS);
            int blocks = options.positive("--blocks", 100, Integer.MAX_VALUE);
            List<GemmShapes.Layer> parsed = new ArrayList<>();
            for (String name : layers.split(",")) {
                try {
                    parsed.add(GemmShapes.Layer.parse(name.trim()));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("--layers: unknown layer '" + name
                            + "' (expected e.g. iwae-784-200, torch-400-40 or cube-1024)");
                }
            }
            String[] names = layers.split(",");
            double[] handOffBefore = HandOffLatency.measure(HAND_OFF_JOBS);
            System.out.printf(Locale.ROOT, "| layer | variant | m x n x k | 1T µs | %dT µs | %dT/1T | best %dT/1T |%n",
                    threads, threads, threads);
            System.out.println("|---|---|---|---:|---:|---:|---:|");
            double sum1 = 0, sumN = 0;
            int scaled = 0;
            for (int l = 0; l < parsed.size(); l++) {
                for (String variant : VARIANTS) {
                    int[] mnk = parsed.get(l).product(variant);
                    double[] med = measure(variant, mnk, threads, blocks);
                    System.out.printf(Locale.ROOT, "| %s | %s | %dx%dx%d | %.1f | %.1f | %.2f | %.2f |%n",
                            names[l].trim(), variant, mnk[0], mnk[1], mnk[2], med[0], med[1], med[0] / med[1],
                            med[2] / med[3]);
                    sum1 += med[0];
                    sumN += med[1];
                    scaled += med[0] / med[1] >= SCALING_TARGET ? 1 : 0;
                }
            }
            // The products together: a training step calls each about once, so this is the ratio
            // its products' time would show, where the small products weigh what they cost.
            System.out.printf(Locale.ROOT, "| all | together | | %.1f | %.1f | %.2f | |%n", sum1, sumN, sum1 / sumN);
            System.out.printf(Locale.ROOT, "# %d of %d products at or above %.1f× (the 2-thread target, docs/performance.md)%n",
                    scaled, parsed.size() * VARIANTS.length, SCALING_TARGET);
            System.out.printf(Locale.ROOT, "# median (and best) µs per call over %d blocks of each, alternating; "
                    + "java %s, %d available processors%n", blocks, System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors());
            double[] handOffAfter = HandOffLatency.measure(HAND_OFF_JOBS);
            System.out.printf(Locale.ROOT, "# hand-off to a worker (µs from the call to its start / from its end to "
                            + "the return; see HandOffLatency): before the table %.2f / %.2f, after %.2f / %.2f%n",
                    handOffBefore[0], handOffBefore[1], handOffAfter[0], handOffAfter[1]);
        } catch (IllegalArgumentException e) {
            ToolOptions.exit("GemmThreadScaling", e);
        }
    }

    /** {median 1T, median NT, best 1T, best NT}, µs per call. */
    private static double[] measure(String variant, int[] mnk, int threads, int blocks) {
        int m = mnk[0], n = mnk[1], k = mnk[2];
        SplittableRandom rnd = new SplittableRandom(42);
        // A is m×k (k×m for mulTransA), B is k×n (n×k for mulTransB): the same sizes either way.
        double[] a = rnd.doubles((long) m * k, -1, 1).toArray();
        double[] b = rnd.doubles((long) k * n, -1, 1).toArray();
        double[] c = new double[m * n];
        int calls = (int) Math.max(10, 1e8 / ((double) m * n * k)); // 2 ms and more at 100 GFLOP/s
        long[][] nanos = ThreadAlternation.run(threads, blocks, WARMUP_BLOCKS, 0, () -> {
            for (int r = 0; r < calls; r++) {
                call(variant, m, n, k, a, b, c);
            }
        });
        double[][] times = new double[2][blocks];
        for (int w = 0; w < 2; w++) {
            for (int blk = 0; blk < blocks; blk++) {
                times[w][blk] = nanos[w][blk] / 1e3 / calls;
            }
        }
        Arrays.sort(times[0]);
        Arrays.sort(times[1]);
        return new double[] {times[0][blocks / 2], times[1][blocks / 2], times[0][0], times[1][0]};
    }

    private static void call(String variant, int m, int n, int k, double[] a, double[] b, double[] c) {
        switch (variant) {
            case "mul": Gemm.mul(m, n, k, a, 0, b, 0, c, 0, false); break;
            case "mulTransB": Gemm.mulTransB(m, n, k, a, 0, b, 0, c, 0, false); break;
            default: Gemm.mulTransA(m, n, k, a, 0, b, 0, c, 0, false); break;
        }
    }
}
