package dev.elbo.models.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elbo.autodiff.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Adam and SGD against the update formulas, re-derived here entry by entry, and against closed
 * forms where the sequence of iterates has one.
 */
class OptimizerTest {

    static LongStream seeds() {
        return LongStream.range(1, 9);
    }

    /** f(θ) = ½ Σ aᵢ (θᵢ − cᵢ)²: gradient aᵢ (θᵢ − cᵢ). */
    private record Quadratic(double[] a, double[] c) {
        static Quadratic random(SplittableRandom r, int n) {
            double[] a = new double[n];
            double[] c = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = 0.1 + 3 * r.nextDouble();
                c[i] = 4 * r.nextDouble() - 2;
            }
            return new Quadratic(a, c);
        }

        void gradient(double[] theta, double[] out) {
            for (int i = 0; i < theta.length; i++) out[i] = a[i] * (theta[i] - c[i]);
        }
    }

    private static Tensor parameter(String name, double[] values) {
        Tensor t = Tensor.parameter(name, 1, values.length);
        System.arraycopy(values, 0, t.value(), 0, values.length);
        return t;
    }

    private static double[] randomVector(SplittableRandom r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = 4 * r.nextDouble() - 2;
        return v;
    }

    // ------------------------------------------------------------------------------------- Adam

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void adamOnAQuadraticFollowsTheFormulas(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 1 + r.nextInt(7);
        Quadratic f = Quadratic.random(r, n);
        double[] theta0 = randomVector(r, n);
        double lr = 0.05, b1 = 0.8, b2 = 0.95, eps = 1e-6, wd = seed % 2 == 0 ? 0.0 : 0.01;
        Tensor p = parameter("p", theta0);
        Adam adam = new Adam(List.of(p), new Adam.Settings(b1, b2, eps, wd));

        // the same iteration written out, independently of the class
        double[] theta = theta0.clone(), m = new double[n], v = new double[n], g = new double[n];
        for (int t = 1; t <= 5; t++) {
            f.gradient(p.value(), p.grad());
            adam.step(lr);
            f.gradient(theta, g);
            for (int i = 0; i < n; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double vHat = v[i] / (1 - Math.pow(b2, t));
                theta[i] = theta[i] - lr * mHat / (Math.sqrt(vHat) + eps) - lr * wd * theta[i];
            }
            for (int i = 0; i < n; i++) {
                assertEquals(theta[i], p.value()[i], 1e-14, "seed " + seed + ", n " + n + ", step " + t + ", entry " + i);
            }
        }
        assertEquals(5, adam.stepCount());
    }

    @Test
    void adamsFirstStepsFromAConstantGradientHaveTheLearningRateAsLength() {
        // With bias correction m̂ = g and v̂ = g² at every step of a constant gradient, so each
        // step is η·g/(|g| + ε): the learning rate, whatever β₁ and β₂. Without the correction the
        // first step would be η·(1 − β₁)/√(1 − β₂) ≈ 3.16·η.
        double[] g = {2.0, -0.5, 1e-3};
        Tensor p = parameter("p", new double[3]);
        double lr = 0.1, eps = 1e-8;
        Adam adam = new Adam(List.of(p), new Adam.Settings(0.9, 0.999, eps, 0));
        double[] expected = new double[3];
        for (int t = 1; t <= 4; t++) {
            System.arraycopy(g, 0, p.grad(), 0, 3);
            adam.step(lr);
            for (int i = 0; i < 3; i++) {
                expected[i] -= lr * g[i] / (Math.abs(g[i]) + eps);
                assertEquals(expected[i], p.value()[i], 1e-12, "step " + t + ", entry " + i);
            }
        }
    }

    @Test
    void adamsWeightDecayIsDecoupledFromTheMoments() {
        // zero gradient: the moments stay zero and only the decay acts, θ ← θ − η·λ·θ
        Tensor p = parameter("p", new double[] {1.0, -2.0});
        Adam adam = new Adam(List.of(p), new Adam.Settings(0.9, 0.999, 1e-8, 0.1));
        adam.step(0.5);
        assertArrayEquals(new double[] {1.0 - 0.05 * 1.0, -2.0 - 0.05 * -2.0}, p.value(), 1e-15);
        assertArrayEquals(new double[2], adam.state().buffer("m", 0));
    }

    // ------------------------------------------------------------------------------------- SGD

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void plainSgdOnAQuadraticContractsGeometrically(long seed) {
        // θₜ − c = (1 − η·a)ᵗ (θ₀ − c) entry by entry
        SplittableRandom r = new SplittableRandom(seed);
        int n = 1 + r.nextInt(6);
        Quadratic f = Quadratic.random(r, n);
        double[] theta0 = randomVector(r, n);
        Tensor p = parameter("p", theta0);
        Sgd sgd = new Sgd(List.of(p), Sgd.Settings.plain());
        double lr = 0.2;
        for (int t = 1; t <= 6; t++) {
            f.gradient(p.value(), p.grad());
            sgd.step(lr);
            for (int i = 0; i < n; i++) {
                double expected = f.c[i] + Math.pow(1 - lr * f.a[i], t) * (theta0[i] - f.c[i]);
                assertEquals(expected, p.value()[i], 1e-12, "seed " + seed + ", step " + t + ", entry " + i);
            }
        }
        assertTrue(sgd.slotNames().isEmpty());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void momentumUnderAConstantGradientMatchesItsClosedForm(long seed) {
        // u_s = g (1 − μˢ)/(1 − μ); heavy ball moves by η·u_s, Nesterov by η·(g + μ·u_s) = η·g (1 − μˢ⁺¹)/(1 − μ)
        SplittableRandom r = new SplittableRandom(seed);
        int n = 1 + r.nextInt(5);
        double[] g = randomVector(r, n);
        double mu = 0.3 + 0.6 * r.nextDouble();
        double lr = 0.01 + 0.1 * r.nextDouble();
        for (boolean nesterov : new boolean[] {false, true}) {
            Tensor p = parameter("p", new double[n]);
            Sgd sgd = new Sgd(List.of(p), new Sgd.Settings(mu, nesterov, 0));
            double travelled = 0; // Σ over steps of the step length per unit of g
            for (int t = 1; t <= 10; t++) {
                System.arraycopy(g, 0, p.grad(), 0, n);
                sgd.step(lr);
                travelled += (1 - Math.pow(mu, nesterov ? t + 1 : t)) / (1 - mu);
                for (int i = 0; i < n; i++) {
                    assertEquals(-lr * g[i] * travelled, p.value()[i], 1e-12 * Math.max(1, travelled),
                            "seed " + seed + ", μ " + mu + ", nesterov " + nesterov + ", step " + t + ", entry " + i);
                }
            }
        }
    }

    @Test
    void sgdWeightDecayAddsLambdaThetaToTheGradient() {
        Tensor p = parameter("p", new double[] {3.0});
        Sgd sgd = new Sgd(List.of(p), new Sgd.Settings(0, false, 0.5));
        p.grad()[0] = 1.0;
        sgd.step(0.1);
        assertEquals(3.0 - 0.1 * (1.0 + 0.5 * 3.0), p.value()[0], 1e-15);
    }

    // ------------------------------------------------------------------------------------- common

    @Test
    void aStepZeroesTheGradientsAndSkipsFrozenParameters() {
        Tensor a = parameter("a", new double[] {1, 2});
        Tensor b = parameter("b", new double[] {3, 4});
        b.setRequiresGrad(false);
        Adam adam = new Adam(List.of(a, b));
        a.grad()[0] = 1;
        a.grad()[1] = -1;
        adam.step(0.1);
        assertArrayEquals(new double[2], a.grad());
        assertTrue(a.value()[0] < 1 && a.value()[1] > 2);
        assertArrayEquals(new double[] {3, 4}, b.value());
        assertArrayEquals(new double[2], adam.state().buffer("v", 1));
    }

    @Test
    void misuseIsRefused() {
        Tensor a = parameter("a", new double[] {1});
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(a, a)));
        assertThrows(IllegalArgumentException.class,
                () -> new Adam(List.of(Tensor.constant("c", 1, 1, new double[] {1}))));
        assertThrows(IllegalArgumentException.class, () -> new Adam.Settings(1.0, 0.999, 1e-8, 0));
        assertThrows(IllegalArgumentException.class, () -> new Adam.Settings(0.9, 0.999, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Sgd.Settings(0, true, 0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(a)).step(Double.NaN));
    }

    // ------------------------------------------------------------------------------------- state

    static List<String> algorithms() {
        return List.of("adam", "sgd-momentum", "sgd-nesterov");
    }

    private static Optimizer make(String algorithm, List<Tensor> params) {
        return switch (algorithm) {
            case "adam" -> new Adam(params, new Adam.Settings(0.9, 0.99, 1e-7, 0.01));
            case "sgd-momentum" -> new Sgd(params, new Sgd.Settings(0.9, false, 0.001));
            case "sgd-nesterov" -> new Sgd(params, new Sgd.Settings(0.8, true, 0));
            default -> throw new AssertionError(algorithm);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    void aRestoredOptimizerContinuesBitForBit(String algorithm) {
        SplittableRandom r = new SplittableRandom(algorithm.hashCode());
        Quadratic f = Quadratic.random(r, 7);
        double[] start = randomVector(r, 7);
        Tensor w = parameter("w", java.util.Arrays.copyOfRange(start, 0, 4));
        Tensor b = parameter("b", java.util.Arrays.copyOfRange(start, 4, 7));
        Optimizer original = make(algorithm, List.of(w, b));
        for (int t = 0; t < 5; t++) quadraticStep(f, w, b, original, 0.03);

        OptimizerState saved = original.state();
        Tensor w2 = parameter("w", w.value());
        Tensor b2 = parameter("b", b.value());
        Optimizer resumed = make(algorithm, List.of(w2, b2));
        resumed.restore(saved);
        assertEquals(5, resumed.stepCount());
        for (int t = 0; t < 5; t++) {
            quadraticStep(f, w, b, original, 0.03);
            quadraticStep(f, w2, b2, resumed, 0.03);
        }
        assertArrayEquals(w.value(), w2.value(), algorithm); // exact: assertArrayEquals compares bits
        assertArrayEquals(b.value(), b2.value(), algorithm);

        // restoring an optimizer that has gone further takes it back in time just as exactly
        OptimizerState later = resumed.state();
        double[] wLater = w2.value().clone(), bLater = b2.value().clone();
        for (int t = 0; t < 3; t++) quadraticStep(f, w2, b2, resumed, 0.03);
        resumed.restore(later);
        System.arraycopy(wLater, 0, w2.value(), 0, 4);
        System.arraycopy(bLater, 0, b2.value(), 0, 3);
        quadraticStep(f, w, b, original, 0.03);
        quadraticStep(f, w2, b2, resumed, 0.03);
        assertArrayEquals(w.value(), w2.value(), algorithm + ", restored backwards");

        // a fresh optimizer (zero moments) does not continue the same way: the state matters
        Tensor w3 = parameter("w", w.value());
        Tensor b3 = parameter("b", b.value());
        Optimizer fresh = make(algorithm, List.of(w3, b3));
        quadraticStep(f, w, b, original, 0.03);
        quadraticStep(f, w3, b3, fresh, 0.03);
        assertTrue(!java.util.Arrays.equals(w.value(), w3.value()), algorithm);
    }

    @Test
    void stateIsACopyAndMismatchedStatesAreRefused() {
        Tensor w = parameter("w", new double[] {1, 2});
        Adam adam = new Adam(List.of(w));
        w.grad()[0] = 1;
        adam.step(0.1);
        OptimizerState s = adam.state();
        s.buffer("m", 0)[0] = 99; // does not reach the optimizer
        assertEquals(0.1, adam.state().buffer("m", 0)[0], 1e-15);

        Sgd sgd = new Sgd(List.of(parameter("w", new double[2])), new Sgd.Settings(0.9, false, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sgd.restore(s));
        assertTrue(e.getMessage().contains("adam"), e.getMessage());
        Adam other = new Adam(List.of(parameter("w", new double[3])));
        e = assertThrows(IllegalArgumentException.class, () -> other.restore(s));
        assertTrue(e.getMessage().contains("holds 2 values, expected 3"), e.getMessage());
        assertEquals(0, other.stepCount()); // nothing changed by a refused restore
    }

    private static void quadraticStep(Quadratic f, Tensor w, Tensor b, Optimizer opt, double lr) {
        double[] theta = new double[7];
        System.arraycopy(w.value(), 0, theta, 0, 4);
        System.arraycopy(b.value(), 0, theta, 4, 3);
        double[] g = new double[7];
        f.gradient(theta, g);
        System.arraycopy(g, 0, w.grad(), 0, 4);
        System.arraycopy(g, 4, b.grad(), 0, 3);
        opt.step(lr);
    }
}
