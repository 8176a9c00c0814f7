package dev.elbo.bench;

import dev.elbo.core.Parallel;
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
        String model;
        int threads, blocks, steps;
        try {
            ToolOptions options = new ToolOptions(args, "--model", "--threads", "--blocks", "--steps");
            model = options.text("--model", "iwae");
            threads = options.positive("--threads", 2, Parallel.MAX_THREADS);
            blocks = options.positive("--blocks", 60, Integer.MAX_VALUE);
            steps = options.positive("--steps", 40, Integer.MAX_VALUE);
            if (!model.equals("iwae") && !model.equals("pytorch")) {
                throw new IllegalArgumentException("--model: expected iwae or pytorch, got '" + model + "'");
            }
        } catch (IllegalArgumentException e) {
            ToolOptions.exit("StepThreadScaling", e);
            return;
        }
        StepThroughput.Trainer trainer = new StepThroughput.Trainer(BenchModels.spec(model), BenchModels.batch(model));
        int batch = BenchModels.batch(model);
        // Warm-up: 20 s on both thread counts, so the JIT sees (and compiles) both paths.
        long[][] nanos = ThreadAlternation.run(threads, blocks, 0, 20_000_000_000L, () -> {
            for (int s = 0; s < steps; s++) {
                trainer.step();
            }
        });
        double[][] rate = new double[2][blocks];
        for (int w = 0; w < 2; w++) {
            for (int b = 0; b < blocks; b++) {
                rate[w][b] = (double) steps * batch / (nanos[w][b] * 1e-9);
            }
        }
        Arrays.sort(rate[0]);
        Arrays.sort(rate[1]);
        System.out.printf(Locale.ROOT, "model %s, batch %d: 1 thread %.0f examples/s, %d threads %.0f examples/s, "
                        + "ratio %.2f (medians of %d blocks of %d steps each, alternating)%n",
                model, batch, rate[0][blocks / 2], threads, rate[1][blocks / 2],
                rate[1][blocks / 2] / rate[0][blocks / 2], blocks, steps);
    }

}
