package dev.elbo.models.vae;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elbo.autodiff.Tape;
import dev.elbo.autodiff.Tensor;
import dev.elbo.core.Rng;
import dev.elbo.models.dist.LikelihoodSpec;
import dev.elbo.models.nn.Activation;
import java.util.List;
import java.util.Locale;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gradients point uphill: plain gradient descent on −ELBO (θ ← θ − lr·∂loss/∂θ, written
 * here by hand, no optimizer) raises the ELBO of held-out data drawn from the same source.
 */
class GradientDescentTest {

    static LongStream seeds() {
        return LongStream.range(0, 3);
    }

    /** Binary rows: one of three random prototypes, each bit flipped with probability 0.1. */
    static double[] prototypes(Rng rng, double[][] protos, int rows) {
        int d = protos[0].length;
        double[] x = new double[rows * d];
        for (int r = 0; r < rows; r++) {
            double[] p = protos[rng.nextInt(protos.length)];
            for (int j = 0; j < d; j++) x[r * d + j] = rng.nextBernoulli(0.1) ? 1 - p[j] : p[j];
        }
        return x;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void gradientDescentRaisesTheValidationElbo(long seed) {
        Rng rng = new Rng(seed);
        int d = 12, n = 200;
        double[][] protos = new double[3][d];
        for (double[] p : protos) for (int j = 0; j < d; j++) p[j] = rng.nextBernoulli(0.5) ? 1 : 0;
        double[] train = prototypes(rng, protos, n), valid = prototypes(rng, protos, n);
        Vae vae = new Vae(VaeSpec.symmetric(d, List.of(16), 2, Activation.TANH, LikelihoodSpec.bernoulli()), rng);
        vae.initFromData(train, n);
        Elbo elbo = new Elbo(vae);
        double before = validationElbo(vae, valid, n);

        Tape tape = new Tape();
        Rng noise = new Rng(seed + 100);
        double lr = 0.05;
        for (int step = 0; step < 400; step++) {
            tape.reset();
            Tensor loss = elbo.loss(tape, tape.constant(n, d, train, 0), noise, 1.0, null);
            tape.backward(loss);
            for (Tensor p : vae.parameters()) {
                double[] v = p.value(), g = p.grad();
                for (int i = 0; i < v.length; i++) v[i] -= lr * g[i];
                p.zeroGrad();
            }
        }
        double after = validationElbo(vae, valid, n);
        // independent pixels at the data mean score about d·log 2 ≈ 8.3 nats; the prototypes
        // with 10% noise allow about d·H(0.1) ≈ 3.9 nats plus the code's KL
        String msg = String.format(Locale.ROOT, "seed %d: validation ELBO %.3f before, %.3f after", seed, before, after);
        assertTrue(after > before + 1.0, msg);
    }

    /** Mean ELBO over the rows, 20 samples each, noise from a fixed seed. */
    private static double validationElbo(Vae vae, double[] x, int n) {
        Tape t = new Tape();
        t.setGradEnabled(false);
        double[] bound = new double[n];
        new Elbo(vae, 20, Elbo.KlEstimator.ANALYTIC).perExample(t, t.constant(n, vae.inputDim(), x, 0), new Rng(99), bound, null, null);
        double s = 0;
        for (double b : bound) s += b / n;
        return s;
    }
}
