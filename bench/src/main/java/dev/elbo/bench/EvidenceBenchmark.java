package dev.elbo.bench;

import dev.elbo.core.Parallel;
import dev.elbo.core.Rng;
import dev.elbo.models.vae.Evidence;
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
 * The importance-sampled evidence log p(x) with k = 5000 samples (the IWAE paper's test
 * metric) of {@link #POINTS} binarized digits per operation, on the IWAE paper's model
 * (784-200-200-50 tanh). Data points per second = POINTS / (time per operation).
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar EvidenceBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class EvidenceBenchmark {
    /** Data points per operation (even, so two threads get the same share). */
    static final int POINTS = 4;

    @Param({"iwae"})
    String model;

    @Param({"5000"})
    int k;

    @Param({"1", "2"})
    int threads;

    private double[] x;
    private Evidence evidence;
    private long seed;

    @Setup(Level.Trial)
    public void setup() {
        Parallel.setThreads(threads);
        Vae vae = new Vae(BenchModels.spec(model), new Rng(0));
        vae.initFromData(BenchModels.images(1000, 1), 1000);
        x = BenchModels.binaryImages(POINTS, 4);
        evidence = new Evidence(vae).samples(k);
    }

    @Benchmark
    public double estimate() {
        return evidence.estimate(x, POINTS, new Rng(seed++)).mean();
    }
}
