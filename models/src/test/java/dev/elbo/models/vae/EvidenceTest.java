package dev.elbo.models.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elbo.core.Rng;
import org.junit.jupiter.api.Test;

class EvidenceTest {

    /**
     * Data far out in the tails: log p(x) ≈ −10⁵, so exp(log w) underflows to 0 in double and
     * a naive mean of the weights would give log 0 = −∞. The streaming log-mean-exp keeps the
     * maximum out of the exponent and returns log p(x) exactly (the q here is exact).
     */
    @Test
    void extremeLogWeightsNeitherUnderflowNorOverflow() {
        Rng rng = new Rng(1);
        LinearGaussian model = LinearGaussian.random(rng, 5, 2, 0.4, 0);
        model.setPosteriorEncoder(rng, 0);
        double[] x = model.data(rng, 2);
        for (int j = 0; j < 5; j++) {
            x[j] += 300;  // example 0: far away
            x[5 + j] += 3; // example 1: near
        }
        Evidence.Result r = new Evidence(model.vae).samples(50).chunkRows(20).estimate(x, 2, rng);
        for (int i = 0; i < 2; i++) {
            double exact = model.logEvidence(LinearGaussian.row(x, i, 5));
            assertEquals(exact, r.logPx(i), 1e-12 * Math.abs(exact), "example " + i);
        }
        assertTrue(r.logPx(0) < -1e4, "the test needs weights that underflow: " + r.logPx(0));
        assertEquals(50, r.effectiveSampleSize(0), 1e-6);
    }

    @Test
    void aggregatesAreTheMeanAndItsStandardErrors() {
        Rng rng = new Rng(2);
        LinearGaussian model = LinearGaussian.random(rng, 4, 2, 0.5, 0.3);
        model.setPosteriorEncoder(rng, 0.3);
        int n = 7;
        Evidence.Result r = new Evidence(model.vae).samples(200).estimate(model.data(rng, n), n, rng);
        assertEquals(n, r.size());
        assertEquals(200, r.samples());
        double[] lp = r.logPx(), se = r.standardErrors();
        double mean = 0, mc = 0, min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            mean += lp[i] / n;
            mc += se[i] * se[i];
            min = Math.min(min, r.effectiveSampleSize(i));
        }
        double var = 0;
        for (double v : lp) var += (v - mean) * (v - mean) / (n - 1);
        assertEquals(mean, r.mean(), 1e-12);
        assertEquals(Math.sqrt(var / n), r.standardErrorOfMean(), 1e-12);
        assertEquals(Math.sqrt(mc) / n, r.monteCarloErrorOfMean(), 1e-12);
        assertEquals(min, r.minEffectiveSampleSize(), 0);
        lp[0] = 0; // a copy
        assertTrue(r.logPx(0) != 0);
    }

    @Test
    void sameSeedSameNumbers() {
        Rng rng = new Rng(3);
        LinearGaussian model = LinearGaussian.random(rng, 4, 2, 0.5, 0.3);
        model.setPosteriorEncoder(rng, 0.3);
        double[] x = model.data(rng, 3);
        Evidence e = new Evidence(model.vae).samples(100);
        assertEquals(java.util.Arrays.toString(e.estimate(x, 3, new Rng(5)).logPx()),
                java.util.Arrays.toString(e.estimate(x, 3, new Rng(5)).logPx()));
        assertTrue(e.estimate(x, 3, new Rng(6)).logPx(0) != e.estimate(x, 3, new Rng(5)).logPx(0));
    }

    @Test
    void badSettingsAreRejected() {
        LinearGaussian model = LinearGaussian.random(new Rng(1), 4, 2, 0.5, 0);
        assertThrows(IllegalArgumentException.class, () -> new Evidence(model.vae).samples(0));
        assertThrows(IllegalArgumentException.class, () -> new Evidence(model.vae).chunkRows(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Evidence(model.vae).estimate(new double[7], 2, new Rng(1)));
        assertTrue(e.getMessage().contains("2 rows of 4 columns"), e.getMessage());
    }
}
