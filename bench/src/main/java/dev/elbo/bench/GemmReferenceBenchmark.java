package dev.elbo.bench;

import dev.elbo.core.GemmReference;
import java.util.SplittableRandom;
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
 * The plain triple loops of {@link GemmReference} on the same products as {@link GemmBenchmark},
 * single thread, for scale. The 1024³ cube is left out of the default list (about 2 s a call for
 * the strided variants); add it with {@code -p layer=cube-1024}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class GemmReferenceBenchmark {

    @Param({"iwae-784-200", "iwae-200-200", "iwae-200-100", "iwae-50-200", "iwae-200-784",
            "torch-784-400", "torch-400-40", "torch-20-400", "torch-400-784"})
    public String layer;

    private double[] a;
    private double[] b;
    private double[] c;
    private int[] mul;
    private int[] transB;
    private int[] transA;

    @Setup(Level.Trial)
    public void setUp() {
        GemmShapes.Layer shape = GemmShapes.Layer.parse(layer);
        mul = shape.product("mul");
        transB = shape.product("mulTransB");
        transA = shape.product("mulTransA");
        int largest = Math.max(shape.batch() * shape.in(), Math.max(shape.in() * shape.out(), shape.batch() * shape.out()));
        SplittableRandom rnd = new SplittableRandom(42);
        a = rnd.doubles(largest, -1, 1).toArray();
        b = rnd.doubles(largest, -1, 1).toArray();
        c = new double[largest];
    }

    @Benchmark
    public void mul(GemmBenchmark.Flops flops) {
        GemmReference.mul(mul[0], mul[1], mul[2], a, 0, b, 0, c, 0, false);
        flops.gflops += 2e-9 * mul[0] * mul[1] * mul[2];
    }

    @Benchmark
    public void mulTransB(GemmBenchmark.Flops flops) {
        GemmReference.mulTransB(transB[0], transB[1], transB[2], a, 0, b, 0, c, 0, false);
        flops.gflops += 2e-9 * transB[0] * transB[1] * transB[2];
    }

    @Benchmark
    public void mulTransA(GemmBenchmark.Flops flops) {
        GemmReference.mulTransA(transA[0], transA[1], transA[2], a, 0, b, 0, c, 0, false);
        flops.gflops += 2e-9 * transA[0] * transA[1] * transA[2];
    }
}
