package dev.elbo.bench;

import dev.elbo.core.Parallel;
import dev.elbo.core.Rng;
import dev.elbo.models.dist.LikelihoodSpec;
import dev.elbo.models.nn.Activation;
import dev.elbo.models.optim.Adam;
import dev.elbo.models.train.TrainingStep;
import dev.elbo.models.vae.Elbo;
import dev.elbo.models.vae.Vae;
import dev.elbo.models.vae.VaeSpec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Training throughput of one VAE configuration, for the scaling plots and quick comparisons:
 * runs {@link TrainingStep} (the step of {@code elbo train}) on MNIST-like data for a warm-up,
 * then for a number of timed windows, and prints one JSON line with the median and best
 * examples per second over the windows (wall clock) and, per window, the CPU time of the
 * calling thread per step.
 *
 * <pre>
 * java --add-modules=jdk.incubator.vector -cp bench/target/benchmarks.jar dev.elbo.bench.StepThroughput \
 *      --hidden 200,200 --latent 50 --activation tanh --batch 100 --threads 1 --seconds 10
 * java ... dev.elbo.bench.StepThroughput --model pytorch --threads 2     # 784-400-20 relu, batch 128
 * </pre>
 * Options are read in order, so {@code --model iwae --batch 500} is the IWAE model at batch 500.
 * The data are {@link BenchModels#images} (MNIST-like grey levels), binarized anew each step.
 */
public final class StepThroughput {
    private StepThroughput() {}

    public static void main(String[] args) {
        List<Integer> hidden = List.of(200, 200);
        int latent = 50, batch = 100, threads = 1, windows = 10;
        double seconds = 10, warmup = 5;
        Activation activation = Activation.TANH;
        try {
            for (String[] pair : ToolOptions.pairs(args)) {
                String opt = pair[0], v = pair[1];
                switch (opt) {
                    case "--model":
                        VaeSpec m = BenchModels.spec(v);
                        hidden = m.encoderHidden();
                        latent = m.latentDim();
                        activation = m.activation();
                        batch = BenchModels.batch(v);
                        break;
                    case "--hidden": hidden = parseSizes(v); break;
                    case "--latent": latent = ToolOptions.integer(opt, v); break;
                    case "--activation": activation = Activation.valueOf(v.toUpperCase(Locale.ROOT)); break;
                    case "--batch": batch = ToolOptions.integer(opt, v); break;
                    case "--threads": threads = ToolOptions.integer(opt, v); break;
                    case "--seconds": seconds = ToolOptions.real(opt, v); break;
                    case "--warmup": warmup = ToolOptions.real(opt, v); break;
                    case "--windows": windows = ToolOptions.integer(opt, v); break;
                    default: throw new IllegalArgumentException("unknown option " + opt);
                }
            }
        } catch (IllegalArgumentException e) {
            ToolOptions.exit("StepThroughput", e);
            return;
        }
        VaeSpec spec = VaeSpec.symmetric(BenchModels.PIXELS, hidden, latent, activation, LikelihoodSpec.bernoulli());
        Figures f = measure(spec, batch, threads, warmup, seconds, windows);
        System.out.printf(Locale.ROOT, "{\"hidden\":\"%s\",\"latent\":%d,\"activation\":\"%s\",\"batch\":%d,\"threads\":%d,"
                        + "\"examples_per_second\":%.1f,\"best_examples_per_second\":%.1f,\"caller_cpu_ms_per_step\":%.3f,"
                        + "\"best_caller_cpu_ms_per_step\":%.3f}%n",
                join(hidden), latent, activation.name().toLowerCase(Locale.ROOT), batch, threads,
                f.examplesPerSecond(), f.bestExamplesPerSecond(), f.callerCpuMsPerStep(), f.bestCallerCpuMsPerStep());
    }

    /**
     * Median and best over the windows: examples per second (wall clock), and CPU milliseconds of
     * the calling thread per step.
     */
    /** {@code -Delbo.trace=true}: every window's figures on standard error (to watch the JIT warm up). */
    private static final boolean TRACE = Boolean.getBoolean("elbo.trace");

    record Figures(double examplesPerSecond, double bestExamplesPerSecond, double callerCpuMsPerStep,
                   double bestCallerCpuMsPerStep) {}

    /**
     * Trains a fresh VAE of this shape at this batch size for {@code warmup} seconds, then times
     * {@code windows} windows that last {@code seconds} together (at least one step each).
     */
    static Figures measure(VaeSpec spec, int batch, int threads, double warmup, double seconds, int windows) {
        Parallel.setThreads(threads);
        Trainer trainer = new Trainer(spec, batch);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();

        long end = System.nanoTime() + (long) (warmup * 1e9);
        while (System.nanoTime() < end) {
            trainer.step();
        }
        double[] rate = new double[windows];
        double[] cpuMs = new double[windows];
        long window = (long) (seconds * 1e9 / windows);
        for (int w = 0; w < windows; w++) {
            long t0 = System.nanoTime(), c0 = mx.getCurrentThreadCpuTime();
            int steps = 0;
            long t;
            do {
                trainer.step();
                steps++;
                t = System.nanoTime();
            } while (t - t0 < window);
            rate[w] = (double) steps * batch / ((t - t0) * 1e-9);
            cpuMs[w] = (mx.getCurrentThreadCpuTime() - c0) * 1e-6 / steps;
            if (TRACE) {
                System.err.printf(Locale.ROOT, "window %d: %.0f examples/s, %.2f ms CPU per step%n", w, rate[w], cpuMs[w]);
            }
        }
        Arrays.sort(rate);
        Arrays.sort(cpuMs);
        return new Figures(rate[windows / 2], rate[windows - 1], cpuMs[windows / 2], cpuMs[0]);
    }

    /**
     * A fresh VAE of one shape with its Adam optimizer, trained step by step on
     * {@link BenchModels#images} (20,000 MNIST-like examples, cycled through batch by batch).
     */
    static final class Trainer {
        private final TrainingStep step;
        private final double[] data;
        private final double[] x;
        private final int batch;
        private final int batches;
        private int next;

        Trainer(VaeSpec spec, int batch) {
            this.batch = batch;
            batches = Math.max(2, 20_000 / batch);
            data = BenchModels.images(batches * batch, 1);
            Vae vae = new Vae(spec, new Rng(0));
            vae.initFromData(data, batches * batch);
            step = new TrainingStep(new Elbo(vae), new Adam(vae.parameters()), Double.POSITIVE_INFINITY,
                    new Rng(2), new Rng(3));
            x = new double[batch * BenchModels.PIXELS];
        }

        /** One training step on the next batch. */
        void step() {
            int size = batch * BenchModels.PIXELS;
            System.arraycopy(data, next * size, x, 0, size);
            step.run(x, batch, BenchModels.PIXELS, 1e-3, 1.0, 1, 1);
            next = (next + 1) % batches;
        }
    }

    private static List<Integer> parseSizes(String v) {
        List<Integer> sizes = new ArrayList<>();
        for (String s : v.split(",")) if (!s.isBlank()) sizes.add(Integer.parseInt(s.trim()));
        return sizes;
    }

    private static String join(List<Integer> sizes) {
        StringBuilder b = new StringBuilder();
        for (int s : sizes) b.append(b.length() == 0 ? "" : ",").append(s);
        return b.toString();
    }
}
