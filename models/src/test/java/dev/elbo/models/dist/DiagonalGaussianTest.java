package dev.elbo.models.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elbo.autodiff.Tape;
import dev.elbo.autodiff.Tensor;
import dev.elbo.core.Rng;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class DiagonalGaussianTest {

    static LongStream seeds() {
        return LongStream.range(0, 8);
    }

    private static Tensor randomParameter(String name, int rows, int cols, Rng rng, double scale, double shift) {
        Tensor t = Tensor.parameter(name, rows, cols);
        for (int i = 0; i < t.size(); i++) t.value()[i] = shift + scale * rng.nextNormal();
        return t;
    }

    /** z = μ + σ ⊙ ε row by row, with row i·K + s using example i. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void samplesAreMuPlusSigmaTimesEpsilon(long seed) {
        Rng rng = new Rng(seed);
        int n = 1 + rng.nextInt(4), l = 1 + rng.nextInt(5), k = 1 + rng.nextInt(4);
        Tensor mu = randomParameter("mu", n, l, rng, 1, 0), logVar = randomParameter("v", n, l, rng, 1, 0);
        double[] eps = new double[n * k * l];
        rng.fillNormal(eps, 0, eps.length);
        Tape t = new Tape();
        Tensor z = new DiagonalGaussian().set(mu, logVar).sample(t, t.constant(n * k, l, eps, 0), k);
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < k; s++) {
                for (int j = 0; j < l; j++) {
                    int r = i * k + s;
                    double expected = mu.get(i, j) + Math.sqrt(Math.exp(logVar.get(i, j))) * eps[r * l + j];
                    assertEquals(expected, z.get(r, j), 1e-12, "seed " + seed + " n=" + n + " L=" + l + " K=" + k + " row " + r);
                }
            }
        }
    }

    /**
     * log q at the reparameterized sample, log N(ε) − Σ log σ, equals the Gaussian density of z
     * under q — and so do its gradients with respect to μ and log σ² when the latter is
     * differentiated through z = μ + σ ⊙ ε as well.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void logDensityAtSampleIsTheDensityDifferentiatedAlongThePath(long seed) {
        Rng rng = new Rng(100 + seed);
        int n = 1 + rng.nextInt(4), l = 1 + rng.nextInt(5), k = 1 + rng.nextInt(4);
        Tensor mu = randomParameter("mu", n, l, rng, 1, 0), logVar = randomParameter("v", n, l, rng, 1, 0);
        double[] eps = new double[n * k * l];
        rng.fillNormal(eps, 0, eps.length);
        double[] weights = new double[n * k];
        rng.fillNormal(weights, 0, weights.length);
        Tensor c = Tensor.constant("c", n * k, 1, weights);
        DiagonalGaussian q = new DiagonalGaussian().set(mu, logVar);
        String where = "seed " + seed + " n=" + n + " L=" + l + " K=" + k;

        Tape t1 = new Tape();
        Tensor e1 = t1.constant(n * k, l, eps, 0);
        Tensor fast = q.logDensityAtSample(t1, e1, k);
        Tensor loss1 = t1.sum(t1.mul(fast, c));
        t1.backward(loss1);
        double[] gMu1 = mu.grad().clone(), gV1 = logVar.grad().clone();
        mu.zeroGrad();
        logVar.zeroGrad();

        Tape t2 = new Tape();
        Tensor z = q.sample(t2, t2.constant(n * k, l, eps, 0), k);
        Tensor full = q.logDensity(t2, z, k);
        Tensor loss2 = t2.sum(t2.mul(full, c));
        t2.backward(loss2);

        for (int r = 0; r < n * k; r++) assertEquals(full.value()[r], fast.value()[r], 1e-12, where + " row " + r);
        for (int i = 0; i < n * l; i++) {
            assertEquals(mu.grad()[i], gMu1[i], 1e-12, where + ": dμ " + i);
            assertEquals(logVar.grad()[i], gV1[i], 1e-12, where + ": dlogσ² " + i);
        }
        // and the direct values: dμ = 0, dlogσ²_ij = −½ Σ_s c_{i·K+s}
        for (int i = 0; i < n; i++) {
            double cs = 0;
            for (int s = 0; s < k; s++) cs += weights[i * k + s];
            for (int j = 0; j < l; j++) {
                assertEquals(0.0, gMu1[i * l + j], 1e-15, where);
                assertEquals(-0.5 * cs, gV1[i * l + j], 1e-12, where);
            }
        }
    }

    /** The Monte Carlo KL, the mean of log q(z) − log p(z) over samples, agrees with the closed form. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void monteCarloKlAgreesWithAnalyticWithinItsStandardError(long seed) {
        Rng rng = new Rng(200 + seed);
        int l = 1 + rng.nextInt(6), m = 20000;
        Tensor mu = randomParameter("mu", 1, l, rng, 1, 0), logVar = randomParameter("v", 1, l, rng, 0.7, -0.3);
        DiagonalGaussian q = new DiagonalGaussian().set(mu, logVar);
        Tape t = new Tape();
        Tensor eps = t.scratch(m, l);
        rng.fillNormal(eps.value(), 0, m * l);
        Tensor z = q.sample(t, eps, m);
        Tensor d = t.sub(q.logDensityAtSample(t, eps, m), StandardNormal.logDensity(t, z));
        double sum = 0, sq = 0;
        for (double v : d.value()) {
            sum += v;
            sq += v * v;
        }
        double mean = sum / m, se = Math.sqrt((sq / m - mean * mean) / (m - 1));
        double analytic = q.klToStandardNormal(t).item();
        double byHand = 0;
        for (int j = 0; j < l; j++) {
            double s2 = Math.exp(logVar.get(0, j));
            byHand += 0.5 * (mu.get(0, j) * mu.get(0, j) + s2 - 1 - Math.log(s2));
        }
        assertEquals(byHand, analytic, 1e-12);
        assertTrue(Math.abs(mean - analytic) < 4 * se, "seed " + seed + " L=" + l + ": Monte Carlo " + mean + " ± " + se
                + " vs analytic " + analytic);
    }

    @Test
    void klPerDimensionAveragesOverExamplesAndSumsToTheKl() {
        Rng rng = new Rng(5);
        int n = 7, l = 4;
        Tensor mu = randomParameter("mu", n, l, rng, 1, 0), logVar = randomParameter("v", n, l, rng, 1, 0);
        DiagonalGaussian q = new DiagonalGaussian().set(mu, logVar);
        double[] perDim = new double[l];
        q.klPerDimension(perDim);
        Tape t = new Tape();
        Tensor kl = q.klToStandardNormal(t);
        double total = 0, sum = 0;
        for (int i = 0; i < n; i++) total += kl.value()[i];
        for (int j = 0; j < l; j++) {
            double expected = 0;
            for (int i = 0; i < n; i++) {
                double m = mu.get(i, j), v = logVar.get(i, j);
                expected += 0.5 * (m * m + Math.exp(v) - 1 - v) / n;
            }
            assertEquals(expected, perDim[j], 1e-12, "dimension " + j);
            sum += perDim[j];
        }
        assertEquals(total / n, sum, 1e-12);
    }

    @Test
    void wrongNoiseShapeIsRejected() {
        DiagonalGaussian q = new DiagonalGaussian().set(Tensor.parameter("mu", 3, 2), Tensor.parameter("v", 3, 2));
        Tape t = new Tape();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> q.sample(t, t.scratch(5, 2), 2));
        assertTrue(e.getMessage().contains("expected 6×2"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new DiagonalGaussian().set(Tensor.parameter("mu", 3, 2), Tensor.parameter("v", 3, 3)));
    }
}
