package dev.elbo.bench;

import dev.elbo.core.Parallel;
import dev.elbo.core.Rng;
import dev.elbo.models.optim.Adam;
import dev.elbo.models.train.TrainingStep;
import dev.elbo.models.vae.Elbo;
import dev.elbo.models.vae.Vae;
import dev.elbo.models.vae.VaeSpec;
import java.util.Arrays;
import java.util.Locale;

/**
 * The training step on 1 and on N threads, in one JVM: blocks of steps on 1 thread and on N
 * alternate on the same model, and the medians over the blocks give the ratio. Like
 * {@link GemmThreadScaling} for the products, this cancels what separate runs do not (the JIT's
 * compilation of each run, the load from other machines on the host).
 *
 * <pre>
 * java --add-modules=jdk.incubator.vector -cp bench/target/benchmarks.jar dev.elbo.bench.StepThreadScaling \
 *      [--model iwae|pytorch] [--threads 2] [--blocks 60] [--steps 40]
 * </pre>
 * 20 s of warm-up, then {@code blocks} blocks of {@code steps} steps each way (about a minute
 * with the defaults).
 */
public final class StepThreadScaling {
    private StepThreadScaling() {}

    public static void main(String[] args) {
        String model = "iwae";
        int threads = 2, blocks = 60, steps = 40;
        try {
            for (int i = 0; i < args.length; i++) {
                String opt = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(opt + " needs a value");
                }
                String v = args[++i];
                switch (opt) {
                    case "--model": model = v; break;
                    case "--threads": threads = positive(opt, v, Parallel.MAX_THREADS); break;
                    case "--blocks": blocks = positive(opt, v, Integer.MAX_VALUE); break;
                    case "--steps": steps = positive(opt, v, Integer.MAX_VALUE); break;
                    default: throw new IllegalArgumentException("unknown option " + opt
                            + " (expected --model, --threads, --blocks or --steps)");
                }
            }
            if (!model.equals("iwae") && !model.equals("pytorch")) {
                throw new IllegalArgumentException("--model: expected iwae or pytorch, got '" + model + "'");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("StepThreadScaling: " + e.getMessage());
            System.exit(2);
        }
        VaeSpec spec = BenchModels.spec(model);
        int batch = BenchModels.batch(model);
        int batches = Math.max(2, 20_000 / batch);
        double[] data = BenchModels.images(batches * batch, 1);
        Vae vae = new Vae(spec, new Rng(0));
        vae.initFromData(data, batches * batch);
        TrainingStep step = new TrainingStep(new Elbo(vae), new Adam(vae.parameters()), Double.POSITIVE_INFINITY,
                new Rng(2), new Rng(3));
        double[] x = new double[batch * BenchModels.PIXELS];
        int[] counts = {1, threads};
        double[][] rate = new double[2][blocks];
        int saved = Parallel.threads();
        int next = 0;
        try {
            // Warm-up: both thread counts, so the JIT sees (and compiles) both paths.
            long warmEnd = System.nanoTime() + 20_000_000_000L;
            for (int w = 0; System.nanoTime() < warmEnd; w++) {
                Parallel.setThreads(counts[w % 2]);
                for (int s = 0; s < steps; s++) {
                    next = run(step, data, x, batch, next, batches);
                }
            }
            for (int b = 0; b < blocks; b++) {
                for (int i = 0; i < 2; i++) {
                    int which = (i + b) % 2; // 1 thread first in even blocks, N first in odd
                    Parallel.setThreads(counts[which]);
                    long t0 = System.nanoTime();
                    for (int s = 0; s < steps; s++) {
                        next = run(step, data, x, batch, next, batches);
                    }
                    rate[which][b] = (double) steps * batch / ((System.nanoTime() - t0) * 1e-9);
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
        Arrays.sort(rate[0]);
        Arrays.sort(rate[1]);
        System.out.printf(Locale.ROOT, "model %s, batch %d: 1 thread %.0f examples/s, %d threads %.0f examples/s, "
                        + "ratio %.2f (medians of %d blocks of %d steps each, alternating)%n",
                model, batch, rate[0][blocks / 2], threads, rate[1][blocks / 2],
                rate[1][blocks / 2] / rate[0][blocks / 2], blocks, steps);
    }

    private static int run(TrainingStep step, double[] data, double[] x, int batch, int next, int batches) {
        int size = batch * BenchModels.PIXELS;
        System.arraycopy(data, next * size, x, 0, size);
        step.run(x, batch, BenchModels.PIXELS, 1e-3, 1.0, 1, 1);
        return (next + 1) % batches;
    }

    private static int positive(String opt, String v, int max) {
        try {
            int x = Integer.parseInt(v);
            if (x >= 1 && x <= max) {
                return x;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(opt + ": expected an integer in [1, " + max + "], got '" + v + "'");
    }
}
