package dev.elbo.models.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elbo.core.Rng;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SyntheticTest {

    @Test
    void linearGaussianSamplesHaveTheModelsMeanAndCovariance() {
        int n = 40000, latent = 2, dim = 3;
        double[] w = {1.0, -0.5, 0.2, 0.3, 0.8, -1.1}; // L × D
        double[] b = {0.5, -2.0, 1.0};
        double sigma = 0.4;
        DataSet x = Synthetic.linearGaussian(n, latent, dim, w, b, sigma, new Rng(11));
        double[] mean = x.featureMeans();
        for (int j = 0; j < dim; j++) assertEquals(b[j], mean[j], 0.03, "mean " + j);
        for (int j = 0; j < dim; j++) {
            for (int k = 0; k < dim; k++) {
                double expected = (j == k ? sigma * sigma : 0); // (WᵀW + σ²I)_jk
                for (int l = 0; l < latent; l++) expected += w[l * dim + j] * w[l * dim + k];
                double cov = 0;
                for (int i = 0; i < n; i++) cov += (x.get(i, j) - mean[j]) * (x.get(i, k) - mean[k]);
                cov /= n - 1;
                assertEquals(expected, cov, 0.05, "covariance " + j + "," + k);
            }
        }
        assertTrue(x.sameContent(Synthetic.linearGaussian(n, latent, dim, w, b, sigma, new Rng(11))));
    }

    @Test
    void barsLightAPixelWhenItsRowOrColumnIsOn() {
        int n = 20000, size = 4;
        double p = 0.25;
        DataSet bars = Synthetic.bars(n, size, p, new Rng(3));
        assertEquals(size, bars.imageHeight());
        double[] mean = bars.featureMeans();
        double expected = 1 - (1 - p) * (1 - p);
        for (int j = 0; j < size * size; j++) assertEquals(expected, mean[j], 0.015, "pixel " + j);
        // every image is a union of whole bars: a pixel that is on has its whole row or column on
        for (int i = 0; i < 200; i++) {
            for (int r = 0; r < size; r++) {
                for (int c = 0; c < size; c++) {
                    if (bars.get(i, r * size + c) == 1) {
                        boolean row = true, col = true;
                        for (int k = 0; k < size; k++) {
                            row &= bars.get(i, r * size + k) == 1;
                            col &= bars.get(i, k * size + c) == 1;
                        }
                        assertTrue(row || col, "image " + i + " pixel " + r + "," + c);
                    }
                }
            }
        }
    }

    /** ⟨H⟩/N and ⟨|M|⟩/N of the side × side model at T, exactly, by summing over all 2^N states. */
    private static double[] exactAverages(int side, double temperature) {
        int sites = side * side;
        int[] spins = new int[sites];
        double z = 0, energy = 0, absM = 0;
        for (int state = 0; state < 1 << sites; state++) {
            for (int i = 0; i < sites; i++) spins[i] = (state >> i & 1) == 1 ? 1 : -1;
            int e = Ising.energy(spins, side);
            double weight = Math.exp(-e / temperature);
            z += weight;
            energy += weight * e;
            absM += weight * Math.abs(Ising.magnetization(spins));
        }
        return new double[] {energy / z / sites, absM / z / sites};
    }

    static Stream<Arguments> isingCases() {
        return Stream.of(Arguments.of(Ising.Sampler.METROPOLIS, 2.5), Arguments.of(Ising.Sampler.WOLFF, 2.5),
                Arguments.of(Ising.Sampler.METROPOLIS, 1.8), Arguments.of(Ising.Sampler.WOLFF, 1.8),
                Arguments.of(Ising.Sampler.WOLFF, 4.0));
    }

    @ParameterizedTest(name = "{0} at T = {1}")
    @MethodSource("isingCases")
    void isingSamplersReproduceTheExactAveragesOfA4x4Lattice(Ising.Sampler sampler, double temperature) {
        int side = 4, n = 6000;
        double[] exact = exactAverages(side, temperature);
        DataSet samples = Synthetic.ising(n, side, temperature, sampler, 200, 5, new Rng(17));
        double energy = 0, absM = 0;
        int[] spins = new int[side * side];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < spins.length; k++) spins[k] = samples.get(i, k) == 1.0 ? 1 : -1;
            energy += Ising.energy(spins, side);
            absM += Math.abs(Ising.magnetization(spins));
        }
        String what = sampler + " T=" + temperature + ": exact ⟨H⟩/N " + exact[0] + ", ⟨|M|⟩/N " + exact[1];
        assertEquals(exact[0], energy / n / spins.length, 0.03, what);
        assertEquals(exact[1], absM / n / spins.length, 0.03, what);
    }

    @Test
    void isingSpinsOrderBelowTheCriticalTemperatureAndNotAbove() {
        int side = 12;
        for (Ising.Sampler sampler : Ising.Sampler.values()) {
            DataSet cold = Synthetic.ising(50, side, 1.2, sampler, 300, 5, new Rng(1));
            DataSet hot = Synthetic.ising(50, side, 6.0, sampler, 200, 20, new Rng(1));
            assertTrue(meanAbsMagnetization(cold) > 0.9, sampler + " cold: " + meanAbsMagnetization(cold));
            assertTrue(meanAbsMagnetization(hot) < 0.25, sampler + " hot: " + meanAbsMagnetization(hot));
        }
    }

    private static double meanAbsMagnetization(DataSet d) {
        double total = 0;
        for (int i = 0; i < d.size(); i++) {
            double m = 0;
            for (int k = 0; k < d.dimension(); k++) m += 2 * d.get(i, k) - 1;
            total += Math.abs(m) / d.dimension();
        }
        return total / d.size();
    }
}
