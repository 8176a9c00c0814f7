package dev.elbo.bench;

import dev.elbo.core.Parallel;
import dev.elbo.core.Rng;
import dev.elbo.models.vae.Evidence;
import dev.elbo.models.vae.Vae;
import java.util.Arrays;
import java.util.Locale;

/**
 * Evidence throughput, for the side-by-side comparison ({@code bench/compare.sh}): the
 * importance-sampled log p(x) ({@link Evidence}, k samples, chunks of 1000 rows, as
 * {@code elbo eval} runs it) of binarized MNIST-like digits ({@link BenchModels#binaryImages}) on
 * a freshly initialized model. Runs a warm-up, then timed windows, and prints one JSON line with
 * the median and best data points per second over the windows.
 *
 * <pre>
 * java --add-modules=jdk.incubator.vector -cp bench/target/benchmarks.jar dev.elbo.bench.EvidenceThroughput \
 *      --model iwae --k 5000 --threads 1 --seconds 10
 * </pre>
 */
public final class EvidenceThroughput {
    private EvidenceThroughput() {}

    public static void main(String[] args) {
        String model = BenchModels.IWAE;
        int k = Evidence.DEFAULT_SAMPLES, threads = 1, windows = 5, points = 2;
        double seconds = 10, warmup = 5;
        try {
            for (String[] pair : ToolOptions.pairs(args)) {
                String opt = pair[0], v = pair[1];
                switch (opt) {
                    case "--model": model = v; break;
                    case "--k": k = ToolOptions.integer(opt, v); break;
                    case "--threads": threads = ToolOptions.integer(opt, v); break;
                    case "--points": points = ToolOptions.integer(opt, v); break;
                    case "--seconds": seconds = ToolOptions.real(opt, v); break;
                    case "--warmup": warmup = ToolOptions.real(opt, v); break;
                    case "--windows": windows = ToolOptions.integer(opt, v); break;
                    default: throw new IllegalArgumentException("unknown option " + opt);
                }
            }
            BenchModels.spec(model); // an unknown model name, reported here
        } catch (IllegalArgumentException e) {
            ToolOptions.exit("EvidenceThroughput", e);
            return;
        }
        Parallel.setThreads(threads);
        Vae vae = new Vae(BenchModels.spec(model), new Rng(0));
        vae.initFromData(BenchModels.images(1000, 1), 1000);
        int pool = 100; // distinct digits cycled through, `points` per estimate
        double[] digits = BenchModels.binaryImages(pool, 4);
        double[] x = new double[points * BenchModels.PIXELS];
        Evidence evidence = new Evidence(vae).samples(k);
        Rng rng = new Rng(5);

        int next = 0;
        long end = System.nanoTime() + (long) (warmup * 1e9);
        double sink = 0;
        while (System.nanoTime() < end) {
            next = copy(digits, x, points, next, pool);
            sink += evidence.estimate(x, points, rng).mean();
        }
        double[] rate = new double[windows];
        long window = (long) (seconds * 1e9 / windows);
        for (int w = 0; w < windows; w++) {
            long t0 = System.nanoTime(), t;
            int done = 0;
            do {
                next = copy(digits, x, points, next, pool);
                sink += evidence.estimate(x, points, rng).mean();
                done += points;
                t = System.nanoTime();
            } while (t - t0 < window);
            rate[w] = done / ((t - t0) * 1e-9);
        }
        Arrays.sort(rate);
        System.out.printf(Locale.ROOT, "{\"model\":\"%s\",\"k\":%d,\"threads\":%d,\"points_per_second\":%.3f,"
                        + "\"best_points_per_second\":%.3f,\"checksum\":%.6g}%n",
                model, k, threads, rate[windows / 2], rate[windows - 1], sink);
    }

    private static int copy(double[] digits, double[] x, int points, int next, int pool) {
        for (int j = 0; j < points; j++) {
            System.arraycopy(digits, next * BenchModels.PIXELS, x, j * BenchModels.PIXELS, BenchModels.PIXELS);
            next = (next + 1) % pool;
        }
        return next;
    }
}
