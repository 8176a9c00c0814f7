package dev.elbo.models.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elbo.autodiff.Tape;
import dev.elbo.autodiff.Tensor;
import dev.elbo.core.Rng;
import dev.elbo.models.vae.Elbo.KlEstimator;
import java.util.Locale;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The proofs of the estimators on probabilistic PCA, where log p(x), the posterior and the
 * ELBO are known in closed form (see {@link LinearGaussian}).
 */
class LinearGaussianTest {
    static final int D = 5, L = 2;
    static final double SIGMA2 = 0.4;
    /** Non-orthogonality of W in the approximate-posterior tests. */
    static final double MIXING = 0.4;

    static LongStream seeds() {
        return LongStream.range(0, 4);
    }

    /** Tape without gradients, for evaluation. */
    private static Tape evalTape() {
        Tape t = new Tape();
        t.setGradEnabled(false);
        return t;
    }

    /** M copies of row x, as one M × D array. */
    private static double[] copies(double[] x, int m) {
        double[] out = new double[m * x.length];
        for (int r = 0; r < m; r++) System.arraycopy(x, 0, out, r * x.length, x.length);
        return out;
    }

    /** Mean and standard error of the mean. */
    private static double[] meanAndSe(double[] v) {
        double s = 0, sq = 0;
        for (double a : v) s += a;
        double m = s / v.length;
        for (double a : v) sq += (a - m) * (a - m);
        return new double[] {m, Math.sqrt(sq / (v.length - 1) / v.length)};
    }

    /**
     * With orthogonal columns in W the posterior is a diagonal Gaussian, and the encoder is set
     * to it exactly: every importance weight then equals p(x), so the Monte Carlo ELBO, IWAE_k
     * and the evidence estimate all equal log p(x) for every draw, with zero variance.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void withTheExactPosteriorEveryBoundIsTheEvidenceWithZeroVariance(long seed) {
        Rng rng = new Rng(seed);
        LinearGaussian model = LinearGaussian.random(rng, D, L, SIGMA2, 0);
        model.setPosteriorEncoder(rng, 0);
        int n = 4;
        double[] data = model.data(rng, n);
        // the fixture's encoder is the posterior: same mean, same (diagonal) covariance
        double[][] cov = model.posteriorCovariance();
        for (int i = 0; i < n; i++) {
            double[] x = LinearGaussian.row(data, i, D);
            double[] m = model.posteriorMean(x), qm = model.qMean(x), qv = model.qLogVar(x);
            for (int j = 0; j < L; j++) {
                assertEquals(m[j], qm[j], 1e-12);
                assertEquals(cov[j][j], Math.exp(qv[j]), 1e-12);
                for (int p = 0; p < L; p++) if (p != j) assertEquals(0, cov[j][p], 1e-12);
            }
            assertEquals(0, model.klToPosterior(x), 1e-12);
        }

        Tape t = evalTape();
        double[] elbo = new double[n], iwae = new double[n];
        new Elbo(model.vae, 3, KlEstimator.MONTE_CARLO).perExample(t, t.constant(n, D, data, 0), rng, elbo, null, null);
        t.reset();
        new Iwae(model.vae, 7).perExample(t, t.constant(n, D, data, 0), rng, iwae);
        Evidence.Result ev = new Evidence(model.vae).samples(300).chunkRows(64).estimate(data, n, rng);
        for (int i = 0; i < n; i++) {
            double exact = model.logEvidence(LinearGaussian.row(data, i, D));
            String where = "seed " + seed + " example " + i;
            assertEquals(exact, elbo[i], 1e-10, where + ": Monte Carlo ELBO");
            assertEquals(exact, iwae[i], 1e-10, where + ": IWAE_7");
            assertEquals(exact, ev.logPx(i), 1e-10, where + ": evidence");
            assertTrue(ev.standardError(i) < 1e-9, where + ": standard error " + ev.standardError(i));
            assertEquals(300, ev.effectiveSampleSize(i), 1e-6, where + ": effective sample size");
        }

        // With the analytic KL only the expectation is exact: log p(x|z) still varies with z.
        double[] x0 = LinearGaussian.row(data, 0, D);
        int m = 4000;
        double[] values = new double[m];
        t.reset();
        new Elbo(model.vae).perExample(t, t.constant(m, D, copies(x0, m), 0), rng, values, null, null);
        double[] ms = meanAndSe(values);
        assertTrue(ms[1] > 1e-3, "the analytic-KL ELBO should vary with the sample, se " + ms[1]);
        assertEquals(model.logEvidence(x0), ms[0], 4 * ms[1], "seed " + seed + ": analytic-KL ELBO mean");
    }

    /** With an approximate q (full-covariance posterior, perturbed encoder), the estimate converges to log p(x). */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void evidenceEstimateConvergesToTheExactEvidence(long seed) {
        Rng rng = new Rng(10 + seed);
        LinearGaussian model = LinearGaussian.random(rng, D, L, SIGMA2, MIXING);
        model.setPosteriorEncoder(rng, 0.3);
        int n = 6;
        double[] data = model.data(rng, n);
        Evidence.Result ev = new Evidence(model.vae).estimate(data, n, rng); // k = 5000
        assertEquals(5000, ev.samples());
        double exactMean = 0;
        for (int i = 0; i < n; i++) {
            double[] x = LinearGaussian.row(data, i, D);
            double exact = model.logEvidence(x), est = ev.logPx(i), se = ev.standardError(i);
            exactMean += exact / n;
            String where = String.format(Locale.ROOT, "seed %d example %d: estimate %.6f ± %.2e, exact %.6f, ESS %.0f, KL(q‖post) %.3f",
                    seed, i, est, se, exact, ev.effectiveSampleSize(i), model.klToPosterior(x));
            assertTrue(se > 0 && se < 0.1, where + ": the standard error should be small but not 0 for this q");
            assertTrue(Math.abs(est - exact) < 4 * se, where);
            assertTrue(ev.effectiveSampleSize(i) > 1 && ev.effectiveSampleSize(i) < 5000, where);
        }
        assertEquals(exactMean, ev.mean(), 4 * ev.monteCarloErrorOfMean() + 1e-12);
    }

    /**
     * E[ELBO] = log p(x) − KL(q(z|x) ‖ p(z|x)), both estimators of the KL, and IWAE_k rises
     * with k from the ELBO towards log p(x): ELBO = IWAE_1 ≤ IWAE_4 ≤ IWAE_16 ≤ IWAE_64 ≤ log p(x),
     * checked on Monte Carlo means with their standard errors.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void elboIsEvidenceMinusKlToPosteriorAndIwaeRisesWithK(long seed) {
        Rng rng = new Rng(20 + seed);
        LinearGaussian model = LinearGaussian.random(rng, D, L, SIGMA2, MIXING);
        model.setPosteriorEncoder(rng, 0.5);
        double[] x = LinearGaussian.row(model.data(rng, 1), 0, D);
        double logPx = model.logEvidence(x), gap = model.klToPosterior(x), expectedElbo = logPx - gap;
        String where = String.format(Locale.ROOT, "seed %d: log p(x) %.5f, KL(q‖posterior) %.5f", seed, logPx, gap);
        assertTrue(gap > 0.05, where + ": the test needs a visible gap");

        Tape t = evalTape();
        int m = 20000;
        double[] xs = copies(x, m);
        for (KlEstimator kl : KlEstimator.values()) {
            double[] elbo = new double[m], klValues = new double[m];
            t.reset();
            new Elbo(model.vae, 1, kl).perExample(t, t.constant(m, D, xs, 0), rng, elbo, null, klValues);
            double[] e = meanAndSe(elbo), k = meanAndSe(klValues);
            assertEquals(expectedElbo, e[0], 4 * e[1], where + ": " + kl + " ELBO " + e[0] + " ± " + e[1]);
            assertEquals(model.klToPrior(x), k[0], 4 * k[1] + 1e-9, where + ": " + kl + " KL " + k[0] + " ± " + k[1]);
        }

        int[] ks = {1, 4, 16, 64};
        double[] mean = new double[ks.length], se = new double[ks.length];
        for (int a = 0; a < ks.length; a++) {
            int reps = 64000 / ks[a];
            double[] bound = new double[reps];
            t.reset();
            new Iwae(model.vae, ks[a]).perExample(t, t.constant(reps, D, copies(x, reps), 0), rng, bound);
            double[] ms = meanAndSe(bound);
            mean[a] = ms[0];
            se[a] = ms[1];
        }
        String table = where + String.format(Locale.ROOT, "; IWAE_1 %.4f±%.4f, IWAE_4 %.4f±%.4f, IWAE_16 %.4f±%.4f, IWAE_64 %.4f±%.4f",
                mean[0], se[0], mean[1], se[1], mean[2], se[2], mean[3], se[3]);
        assertEquals(expectedElbo, mean[0], 4 * se[0], table + ": IWAE_1 is the ELBO");
        for (int a = 0; a < ks.length; a++) {
            assertTrue(mean[a] <= logPx + 4 * se[a], table + ": IWAE_" + ks[a] + " above log p(x)");
            if (a > 0) assertTrue(mean[a] >= mean[a - 1] - 4 * Math.hypot(se[a], se[a - 1]), table + ": IWAE_" + ks[a] + " below IWAE_" + ks[a - 1]);
        }
        // the rise is real, not just within the noise: IWAE_64 closes most of the gap
        assertTrue(logPx - mean[3] < 0.5 * gap, table);
    }

    /** The estimator reproduced with plain loops, noise drawn the way it documents, for several chunkings. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void evidenceEqualsAnIndependentComputationWhateverTheChunkSize(long seed) {
        Rng rng = new Rng(30 + seed);
        LinearGaussian model = LinearGaussian.random(rng, D, L, SIGMA2, MIXING);
        model.setPosteriorEncoder(rng, 0.3);
        int n = 5;
        double[] data = model.data(rng, n);
        for (int k : new int[] {1, 7, 120}) {
            // expected: example i draws k·L normals from the i-th split of the generator
            Rng parent = new Rng(seed);
            double[] lp = new double[n], se = new double[n], ess = new double[n];
            for (int i = 0; i < n; i++) {
                double[] x = LinearGaussian.row(data, i, D), eps = new double[k * L];
                parent.split().fillNormal(eps, 0, eps.length);
                double[] lw = new double[k];
                double max = Double.NEGATIVE_INFINITY;
                for (int s = 0; s < k; s++) {
                    lw[s] = model.logWeight(x, eps, s * L);
                    max = Math.max(max, lw[s]);
                }
                double s1 = 0, s2 = 0;
                for (int s = 0; s < k; s++) {
                    double w = Math.exp(lw[s] - max);
                    s1 += w;
                    s2 += w * w;
                }
                lp[i] = max + Math.log(s1 / k);
                ess[i] = s1 * s1 / s2;
                double mean = s1 / k, var = 0;
                for (int s = 0; s < k; s++) var += (Math.exp(lw[s] - max) - mean) * (Math.exp(lw[s] - max) - mean);
                se[i] = k > 1 ? Math.sqrt(var / (k - 1) / k) / mean : Double.NaN;
            }
            for (int chunk : new int[] {1, 3, 50, 1000}) {
                Evidence.Result r = new Evidence(model.vae).samples(k).chunkRows(chunk).estimate(data, n, new Rng(seed));
                for (int i = 0; i < n; i++) {
                    String where = "seed " + seed + " k " + k + " chunk " + chunk + " example " + i;
                    assertEquals(lp[i], r.logPx(i), 1e-10 * Math.abs(lp[i]), where);
                    assertEquals(ess[i], r.effectiveSampleSize(i), 1e-9 * k, where);
                    if (k > 1) assertEquals(se[i], r.standardError(i), 1e-7 * se[i] + 1e-13, where);
                    else assertTrue(Double.isNaN(r.standardError(i)), where);
                }
            }
        }
    }

    /** ELBO (both KL estimators) and IWAE with K samples reproduced with plain loops from the same ε. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void elboAndIwaeEqualAnIndependentComputation(long seed) {
        Rng rng = new Rng(40 + seed);
        LinearGaussian model = LinearGaussian.random(rng, D, L, SIGMA2, MIXING);
        model.setPosteriorEncoder(rng, 0.3);
        int n = 3, k = 4;
        double[] data = model.data(rng, n);
        double[] eps = new double[n * k * L];
        new Rng(seed).fillNormal(eps, 0, eps.length); // what the objectives draw: (n·K) × L, row-major
        double[] elboA = new double[n], elboMc = new double[n], iwae = new double[n], rec = new double[n];
        Tape t = evalTape();
        new Elbo(model.vae, k, KlEstimator.ANALYTIC).perExample(t, t.constant(n, D, data, 0), new Rng(seed), elboA, rec, null);
        t.reset();
        new Elbo(model.vae, k, KlEstimator.MONTE_CARLO).perExample(t, t.constant(n, D, data, 0), new Rng(seed), elboMc, null, null);
        t.reset();
        new Iwae(model.vae, k).perExample(t, t.constant(n, D, data, 0), new Rng(seed), iwae);
        for (int i = 0; i < n; i++) {
            double[] x = LinearGaussian.row(data, i, D);
            double r = 0, mc = 0, max = Double.NEGATIVE_INFINITY;
            double[] lw = new double[k];
            for (int s = 0; s < k; s++) {
                int off = (i * k + s) * L;
                r += model.logLikelihood(x, eps, off) / k;
                lw[s] = model.logWeight(x, eps, off);
                mc += lw[s] / k;
                max = Math.max(max, lw[s]);
            }
            double sum = 0;
            for (double v : lw) sum += Math.exp(v - max);
            String where = "seed " + seed + " example " + i;
            assertEquals(r, rec[i], 1e-10, where + ": reconstruction");
            assertEquals(r - model.klToPrior(x), elboA[i], 1e-10, where + ": ELBO, analytic KL");
            assertEquals(mc, elboMc[i], 1e-10, where + ": ELBO, Monte Carlo KL");
            assertEquals(max + Math.log(sum / k), iwae[i], 1e-10, where + ": IWAE");
        }
    }

    /** BoundTerms: the minibatch means, bound = reconstruction − KL, KL per dimension summing to the KL. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void lossAndTermsAreTheMinibatchMeans(long seed) {
        Rng rng = new Rng(50 + seed);
        LinearGaussian model = LinearGaussian.random(rng, D, L, SIGMA2, MIXING);
        model.setPosteriorEncoder(rng, 0.3);
        int n = 6;
        double[] data = model.data(rng, n);
        Tape t = new Tape();
        BoundTerms terms = new BoundTerms();
        double beta = 0.3;
        Tensor loss = new Elbo(model.vae, 2, KlEstimator.ANALYTIC).loss(t, t.constant(n, D, data, 0), new Rng(seed), beta, terms);
        double[] elbo = new double[n], rec = new double[n], kl = new double[n];
        Tape e = evalTape();
        new Elbo(model.vae, 2, KlEstimator.ANALYTIC).perExample(e, e.constant(n, D, data, 0), new Rng(seed), elbo, rec, kl);
        double meanRec = 0, meanKl = 0;
        for (int i = 0; i < n; i++) {
            meanRec += rec[i] / n;
            meanKl += kl[i] / n;
        }
        assertEquals(-(meanRec - beta * meanKl), loss.item(), 1e-10);
        assertEquals(meanRec, terms.reconstruction, 1e-10);
        assertEquals(meanKl, terms.kl, 1e-10);
        assertEquals(meanRec - meanKl, terms.bound, 1e-10);
        assertEquals(L, terms.klPerDimension.length);
        assertEquals(meanKl, terms.klPerDimension[0] + terms.klPerDimension[1], 1e-10);

        BoundTerms iw = new BoundTerms();
        Tensor iwLoss = new Iwae(model.vae, 3).loss(t, t.constant(n, D, data, 0), new Rng(seed), 1.0, iw);
        double[] iwae = new double[n];
        e.reset();
        new Iwae(model.vae, 3).perExample(e, e.constant(n, D, data, 0), new Rng(seed), iwae);
        double meanIwae = 0;
        for (double v : iwae) meanIwae += v / n;
        assertEquals(-meanIwae, iwLoss.item(), 1e-10);
        assertEquals(meanIwae, iw.bound, 1e-10);
    }
}
