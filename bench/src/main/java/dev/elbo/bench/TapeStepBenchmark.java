package dev.elbo.bench;

import dev.elbo.autodiff.Tape;
import dev.elbo.autodiff.Tensor;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step on a reused tape: forward, backward, zeroGrad. Run with {@code -prof gc}:
 * {@code gc.alloc.rate.norm} is the bytes allocated per step, which the tape's buffer reuse
 * should keep at (next to) zero.
 *
 * <pre>
 * ./mvnw -B -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar TapeStepBenchmark -prof gc
 * </pre>
 *
 * <ul>
 *   <li>{@code mlp}: x (64×100) → tanh(affine, 64) → affine (100 logits) → −mean Bernoulli
 *       log-likelihood.</li>
 *   <li>{@code iwae}: a small VAE (100 → 64 → 2×8 latent, K = 5 samples → 64 → 100) and the
 *       negative IWAE bound: repeatRows, reparameterization, three log-densities, reshape,
 *       logSumExpRows.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class TapeStepBenchmark {

    static final int N = 64, D = 100, H = 64, Z = 8, K = 5;

    Tensor w1, b1, w2, b2;              // mlp
    Tensor e1, c1, eMu, cMu, eLv, cLv;  // iwae encoder
    Tensor d1, f1, d2, f2;              // iwae decoder
    Tensor[] params;
    double[] data;
    double[] noise;
    Tape mlpTape, iwaeTape;

    @Setup
    public void setup() {
        SplittableRandom rng = new SplittableRandom(42);
        w1 = random(rng, "w1", D, H);
        b1 = random(rng, "b1", 1, H);
        w2 = random(rng, "w2", H, D);
        b2 = random(rng, "b2", 1, D);
        e1 = random(rng, "e1", D, H);
        c1 = random(rng, "c1", 1, H);
        eMu = random(rng, "eMu", H, Z);
        cMu = random(rng, "cMu", 1, Z);
        eLv = random(rng, "eLv", H, Z);
        cLv = random(rng, "cLv", 1, Z);
        d1 = random(rng, "d1", Z, H);
        f1 = random(rng, "f1", 1, H);
        d2 = random(rng, "d2", H, D);
        f2 = random(rng, "f2", 1, D);
        params = new Tensor[] {w1, b1, w2, b2, e1, c1, eMu, cMu, eLv, cLv, d1, f1, d2, f2};
        data = new double[N * D];
        for (int i = 0; i < data.length; i++) data[i] = rng.nextDouble() < 0.3 ? 1 : 0;
        noise = new double[N * K * Z];
        for (int i = 0; i < noise.length; i++) noise[i] = rng.nextGaussian();
        mlpTape = new Tape();
        iwaeTape = new Tape();
    }

    private static Tensor random(SplittableRandom rng, String name, int rows, int cols) {
        Tensor t = Tensor.parameter(name, rows, cols);
        double scale = 1 / Math.sqrt(rows);
        for (int i = 0; i < t.size(); i++) t.value()[i] = scale * (2 * rng.nextDouble() - 1);
        return t;
    }

    @Benchmark
    public double mlp() {
        Tape t = mlpTape;
        t.reset();
        Tensor x = t.constant(N, D, data, 0);
        Tensor logits = t.affine(t.tanh(t.affine(x, w1, b1)), w2, b2);
        Tensor loss = t.neg(t.mean(t.bernoulliLogLik(logits, x)));
        t.backward(loss);
        double value = loss.item();
        w1.zeroGrad();
        b1.zeroGrad();
        w2.zeroGrad();
        b2.zeroGrad();
        return value;
    }

    @Benchmark
    public double iwae() {
        Tape t = iwaeTape;
        t.reset();
        Tensor x = t.constant(N, D, data, 0);
        Tensor h = t.tanh(t.affine(x, e1, c1));
        Tensor muK = t.repeatRows(t.affine(h, eMu, cMu), K);
        Tensor logVarK = t.repeatRows(t.affine(h, eLv, cLv), K);
        Tensor eps = t.constant(N * K, Z, noise, 0);
        Tensor z = t.add(muK, t.mul(t.exp(t.scale(logVarK, 0.5)), eps));
        Tensor logits = t.affine(t.tanh(t.affine(z, d1, f1)), d2, f2);
        Tensor logW = t.sub(t.add(t.bernoulliLogLik(logits, t.repeatRows(x, K)), t.stdNormalLogDensity(z)),
                t.gaussianLogDensity(z, muK, logVarK));
        Tensor bound = t.addScalar(t.logSumExpRows(t.reshape(logW, N, K)), -Math.log(K));
        Tensor loss = t.neg(t.mean(bound));
        t.backward(loss);
        double value = loss.item();
        for (int i = 4; i < params.length; i++) params[i].zeroGrad();
        return value;
    }
}
