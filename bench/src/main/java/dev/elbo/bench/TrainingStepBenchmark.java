package dev.elbo.bench;

import dev.elbo.core.Parallel;
import dev.elbo.core.Rng;
import dev.elbo.models.optim.Adam;
import dev.elbo.models.train.TrainingStep;
import dev.elbo.models.vae.Elbo;
import dev.elbo.models.vae.Vae;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step of a real VAE, exactly what {@code elbo train} runs per minibatch
 * ({@link TrainingStep}): copy the batch, binarize it dynamically, record the ELBO (one sample,
 * analytic KL) on the tape, backward, gradient norm, Adam update.
 *
 * <ul>
 *   <li>{@code model=iwae}: the IWAE paper's 784-200-200-50 tanh model, batch 100;</li>
 *   <li>{@code model=pytorch}: the PyTorch example's 784-400-20 relu model, batch 128.</li>
 * </ul>
 * Examples per second = batch / (time per step). With {@code -prof gc},
 * {@code gc.alloc.rate.norm} is the bytes a step allocates (the goal: none).
 *
 * <pre>
 * ./mvnw -B -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar TrainingStepBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class TrainingStepBenchmark {

    @Param({"iwae", "pytorch"})
    String model;

    @Param({"1", "2"})
    int threads;

    /** Batches of training data cycled through (an epoch of this many batches). */
    static final int BATCHES = 20;

    private double[] data;
    private double[] batch;
    private int rows;
    private int next;
    private TrainingStep step;

    @Setup(Level.Trial)
    public void setup() {
        Parallel.setThreads(threads);
        rows = BenchModels.batch(model);
        data = BenchModels.images(BATCHES * rows, 1);
        batch = new double[rows * BenchModels.PIXELS];
        Vae vae = new Vae(BenchModels.spec(model), new Rng(0));
        vae.initFromData(data, BATCHES * rows);
        step = new TrainingStep(new Elbo(vae), new Adam(vae.parameters()), Double.POSITIVE_INFINITY,
                new Rng(2), new Rng(3));
    }

    @Benchmark
    public double step() {
        int size = rows * BenchModels.PIXELS;
        System.arraycopy(data, next * size, batch, 0, size);
        next = (next + 1) % BATCHES;
        return step.run(batch, rows, BenchModels.PIXELS, 1e-3, 1.0, 1, 1);
    }
}
