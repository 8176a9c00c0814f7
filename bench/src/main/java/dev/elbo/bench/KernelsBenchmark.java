package dev.elbo.bench;

import dev.elbo.core.Kernels;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Elementwise and row kernels through the {@link Kernels} facade on a rows × cols matrix
 * (an MNIST minibatch is 100 × 784). The subclasses run the same benchmarks in JVMs set up
 * for each path: {@link KernelsScalarBenchmark} (plain loops), {@link KernelsVectorBenchmark}
 * (the default: Vector API arithmetic and the IEEE-only exp, sigmoid, tanh, softplus and
 * log-sum-exp, {@code Math.*} for log, log1p, expm1 and elu) and
 * {@link KernelsVectorMathBenchmark} (lanewise SVML for those four too). Compare them as
 * ratios within one run:
 * <pre>
 * java -jar bench/target/benchmarks.jar 'Kernels.*Benchmark' -rf csv
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class KernelsBenchmark {

    @Param({"100x784", "5000x784"})
    public String shape;

    int rows, cols, n;
    double[] a, b, out, rowOut, colOut;

    @Setup
    public void setUp() {
        String[] rc = shape.split("x");
        rows = Integer.parseInt(rc[0]);
        cols = Integer.parseInt(rc[1]);
        n = rows * cols;
        Random rnd = new Random(42);
        a = new double[n];
        b = new double[n];
        out = new double[n];
        rowOut = new double[rows];
        colOut = new double[cols];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextGaussian() * 3; // pre-activations: the range where exp, tanh, softplus work hardest
            b[i] = rnd.nextGaussian();
        }
    }

    @Benchmark
    public double[] exp() {
        Kernels.exp(n, a, 0, out, 0);
        return out;
    }

    @Benchmark
    public double[] sigmoid() {
        Kernels.sigmoid(n, a, 0, out, 0);
        return out;
    }

    @Benchmark
    public double[] tanh() {
        Kernels.tanh(n, a, 0, out, 0);
        return out;
    }

    @Benchmark
    public double[] softplus() {
        Kernels.softplus(n, a, 0, out, 0);
        return out;
    }

    @Benchmark
    public double[] axpy() {
        Kernels.axpy(n, 0.5, a, 0, out, 0);
        return out;
    }

    @Benchmark
    public double[] mulAcc() {
        Kernels.mulAcc(n, a, 0, b, 0, out, 0);
        return out;
    }

    @Benchmark
    public double[] logSumExpRows() {
        Kernels.logSumExpRows(rows, cols, a, 0, rowOut, 0);
        return rowOut;
    }

    @Benchmark
    public double[] rowSums() {
        Kernels.rowSums(rows, cols, a, 0, rowOut, 0);
        return rowOut;
    }

    @Benchmark
    public double[] colSumsAcc() {
        Kernels.colSumsAcc(rows, cols, a, 0, colOut, 0);
        return colOut;
    }
}
