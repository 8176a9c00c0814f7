package dev.elbo.bench;

import dev.elbo.core.Gemm;
import dev.elbo.core.Parallel;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * {@link Gemm} on the products of the reference VAEs (see {@link GemmShapes}) and on 1024³, on
 * one thread and on all. Besides calls per second JMH reports the secondary metric
 * {@code gflops}: 2·m·n·k floating-point operations per call, in GFLOP/s.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar GemmBenchmark                      # everything (~7 min)
 * java -jar bench/target/benchmarks.jar 'GemmBenchmark.mul$' -p layer=iwae-784-200 -p threads=1,2
 * </pre>
 * Without the Vector API ({@code -jvmArgsAppend -Delbo.scalar=true}) this measures the scalar path.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class GemmBenchmark {

    @Param({"iwae-784-200", "iwae-200-200", "iwae-200-100", "iwae-50-200", "iwae-200-784",
            "torch-784-400", "torch-400-40", "torch-20-400", "torch-400-784", "cube-1024"})
    public String layer;

    /** Threads for {@link Parallel}: a number, or {@code all} (available processors). */
    @Param({"1", "all"})
    public String threads;

    private GemmShapes.Layer shape;
    private double[] a;
    private double[] b;
    private double[] c;
    private int[] mul;
    private int[] transB;
    private int[] transA;

    @Setup(Level.Trial)
    public void setUp() {
        Parallel.setThreads("all".equals(threads) ? Runtime.getRuntime().availableProcessors()
                : Integer.parseInt(threads));
        shape = GemmShapes.Layer.parse(layer);
        mul = shape.product("mul");
        transB = shape.product("mulTransB");
        transA = shape.product("mulTransA");
        int largest = Math.max(shape.batch() * shape.in(), Math.max(shape.in() * shape.out(), shape.batch() * shape.out()));
        SplittableRandom rnd = new SplittableRandom(42);
        a = rnd.doubles(largest, -1, 1).toArray();
        b = rnd.doubles(largest, -1, 1).toArray();
        c = new double[largest];
    }

    /** 2·m·n·k per call, reported per second: GFLOP/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public double gflops;
    }

    /** Forward: Y = X·W. */
    @Benchmark
    public void mul(Flops flops) {
        Gemm.mul(mul[0], mul[1], mul[2], a, 0, b, 0, c, 0, false);
        flops.gflops += 2e-9 * mul[0] * mul[1] * mul[2];
    }

    /** Backward to the input: dX = dY·Wᵀ. */
    @Benchmark
    public void mulTransB(Flops flops) {
        Gemm.mulTransB(transB[0], transB[1], transB[2], a, 0, b, 0, c, 0, false);
        flops.gflops += 2e-9 * transB[0] * transB[1] * transB[2];
    }

    /** Backward to the weights: dW = Xᵀ·dY. */
    @Benchmark
    public void mulTransA(Flops flops) {
        Gemm.mulTransA(transA[0], transA[1], transA[2], a, 0, b, 0, c, 0, false);
        flops.gflops += 2e-9 * transA[0] * transA[1] * transA[2];
    }
}
