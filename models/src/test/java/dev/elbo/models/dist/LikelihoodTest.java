package dev.elbo.models.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elbo.autodiff.GradCheck;
import dev.elbo.autodiff.Tape;
import dev.elbo.autodiff.Tensor;
import dev.elbo.core.Rng;
import dev.elbo.models.dist.LikelihoodSpec.GaussianVariance;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LikelihoodTest {

    static LongStream seeds() {
        return LongStream.range(0, 6);
    }

    // ------------------------------------------------------------------ log-probabilities

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void bernoulliLogProbIsTheLogOfTheProduct(long seed) {
        Rng rng = new Rng(seed);
        int r = 1 + rng.nextInt(4), d = 1 + rng.nextInt(7);
        double[] l = normals(rng, r * d, 3), x = new double[r * d];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextBernoulli(0.5) ? 1 : 0;
        Tape t = new Tape();
        Tensor lp = new Bernoulli(d).logProb(t, t.constant(r, d, l, 0), t.constant(r, d, x, 0));
        for (int i = 0; i < r; i++) {
            double p = 1;
            for (int j = 0; j < d; j++) {
                double s = 1 / (1 + Math.exp(-l[i * d + j]));
                p *= x[i * d + j] == 1 ? s : 1 - s;
            }
            assertEquals(Math.log(p), lp.get(i, 0), 1e-12, "seed " + seed + " " + r + "×" + d + " row " + i);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void gaussianLogProbIsTheLogOfTheProductForEachVarianceMode(long seed) {
        Rng rng = new Rng(10 + seed);
        int r = 1 + rng.nextInt(4), d = 1 + rng.nextInt(6);
        double[] x = normals(rng, r * d, 2);
        for (GaussianVariance mode : GaussianVariance.values()) {
            Gaussian g = new Gaussian(d, mode, 0.3);
            int outs = g.decoderOutputs();
            assertEquals(mode == GaussianVariance.EXAMPLE ? d + 1 : d, outs);
            double[] o = normals(rng, r * outs, 1);
            if (mode == GaussianVariance.FEATURE) for (int j = 0; j < d; j++) g.parameters().get(0).value()[j] = 0.5 * rng.nextNormal();
            Tape t = new Tape();
            Tensor lp = g.logProb(t, t.constant(r, outs, o, 0), t.constant(r, d, x, 0));
            for (int i = 0; i < r; i++) {
                double expected = 0;
                for (int j = 0; j < d; j++) {
                    double var = mode == GaussianVariance.FIXED ? 0.3
                            : mode == GaussianVariance.EXAMPLE ? Math.exp(o[i * outs + d]) : Math.exp(g.parameters().get(0).value()[j]);
                    double dev = x[i * d + j] - o[i * outs + j];
                    expected += Math.log(Math.exp(-dev * dev / (2 * var)) / Math.sqrt(2 * Math.PI * var));
                }
                assertEquals(expected, lp.get(i, 0), 1e-11, "seed " + seed + " " + mode + " row " + i);
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void categoricalLogProbIsTheLogSoftmaxOfTheObservedSymbols(long seed) {
        Rng rng = new Rng(20 + seed);
        int r = 1 + rng.nextInt(4), a = 2 + rng.nextInt(5), positions = 1 + rng.nextInt(4), d = a * positions;
        double[] l = normals(rng, r * d, 2);
        double[] x = oneHot(rng, r, positions, a);
        Tape t = new Tape();
        Tensor lp = new Categorical(d, a).logProb(t, t.constant(r, d, l, 0), t.constant(r, d, x, 0));
        for (int i = 0; i < r; i++) {
            double expected = 0;
            for (int p = 0; p < positions; p++) {
                double norm = 0, observed = 0;
                for (int s = 0; s < a; s++) {
                    norm += Math.exp(l[i * d + p * a + s]);
                    if (x[i * d + p * a + s] == 1) observed = l[i * d + p * a + s];
                }
                expected += observed - Math.log(norm);
            }
            assertEquals(expected, lp.get(i, 0), 1e-12, "seed " + seed + " A=" + a + " positions=" + positions + " row " + i);
        }
    }

    /** The learned variance parameter and the per-example variance column take correct gradients. */
    @Test
    void gaussianGradientsMatchFiniteDifferences() {
        Rng rng = new Rng(3);
        int r = 3, d = 4;
        double[] x = normals(rng, r * d, 1);
        for (GaussianVariance mode : GaussianVariance.values()) {
            Gaussian g = new Gaussian(d, mode, 0.5);
            Tensor out = Tensor.parameter("out", r, g.decoderOutputs());
            for (int i = 0; i < out.size(); i++) out.value()[i] = 0.5 * rng.nextNormal();
            Tensor[] params = mode == GaussianVariance.FEATURE ? new Tensor[] {out, g.parameters().get(0)} : new Tensor[] {out};
            if (mode == GaussianVariance.FEATURE) for (int j = 0; j < d; j++) params[1].value()[j] = 0.3 * rng.nextNormal();
            GradCheck.assertClose(1e-8, t -> t.sum(g.logProb(t, out, t.constant(r, d, x, 0))), params);
        }
    }

    // ------------------------------------------------------------------ means and samples

    @Test
    void bernoulliMeanIsSigmoidAndSampleFrequenciesMatchIt() {
        double[] l = {-3, -0.5, 0, 0.5, 3};
        Bernoulli b = new Bernoulli(5);
        double[] mean = new double[5];
        b.mean(l, 1, mean);
        int draws = 40000;
        double[] rows = new double[draws * 5], logits = new double[draws * 5];
        for (int i = 0; i < draws; i++) System.arraycopy(l, 0, logits, i * 5, 5);
        b.sample(logits, draws, new Rng(9), rows);
        for (int j = 0; j < 5; j++) {
            double p = 1 / (1 + Math.exp(-l[j]));
            assertEquals(p, mean[j], 1e-15);
            double freq = 0;
            for (int i = 0; i < draws; i++) {
                double v = rows[i * 5 + j];
                assertTrue(v == 0 || v == 1);
                freq += v / draws;
            }
            assertEquals(p, freq, 4 * Math.sqrt(p * (1 - p) / draws), "column " + j);
        }
    }

    @Test
    void gaussianSamplesHaveTheModelsMeanAndVariance() {
        int d = 3, draws = 40000;
        for (GaussianVariance mode : GaussianVariance.values()) {
            Gaussian g = new Gaussian(d, mode, 0.25);
            int outs = g.decoderOutputs();
            double[] row = {1.5, -2, 0, Math.log(4.0)}; // the last entry is the per-example log σ² in EXAMPLE mode
            if (mode == GaussianVariance.FEATURE) {
                double[] v = g.parameters().get(0).value();
                v[0] = Math.log(0.5);
                v[1] = Math.log(2);
                v[2] = 0;
            }
            double[] params = new double[draws * outs];
            for (int i = 0; i < draws; i++) System.arraycopy(row, 0, params, i * outs, outs);
            double[] x = new double[draws * d], mean = new double[draws * d];
            g.sample(params, draws, new Rng(4), x);
            g.mean(params, draws, mean);
            for (int j = 0; j < d; j++) {
                double var = mode == GaussianVariance.FIXED ? 0.25 : mode == GaussianVariance.EXAMPLE ? 4.0
                        : Math.exp(g.parameters().get(0).value()[j]);
                double s = 0, sq = 0;
                for (int i = 0; i < draws; i++) {
                    s += x[i * d + j];
                    sq += x[i * d + j] * x[i * d + j];
                    assertEquals(row[j], mean[i * d + j]);
                }
                double m = s / draws, v = sq / draws - m * m;
                assertEquals(row[j], m, 4 * Math.sqrt(var / draws), mode + " column " + j);
                assertEquals(var, v, 4 * var * Math.sqrt(2.0 / draws), mode + " column " + j);
            }
        }
    }

    @Test
    void categoricalMeanIsSoftmaxAndSamplesAreOneHotWithThoseFrequencies() {
        int a = 4, positions = 2, d = a * positions, draws = 40000;
        double[] l = {0, 1, -1, 2, 3, 3, -50, 0};
        Categorical c = new Categorical(d, a);
        double[] mean = new double[d];
        c.mean(l, 1, mean);
        double[] logits = new double[draws * d], x = new double[draws * d];
        for (int i = 0; i < draws; i++) System.arraycopy(l, 0, logits, i * d, d);
        c.sample(logits, draws, new Rng(6), x);
        for (int p = 0; p < positions; p++) {
            double norm = 0;
            for (int s = 0; s < a; s++) norm += Math.exp(l[p * a + s]);
            for (int i = 0; i < draws; i++) {
                double ones = 0;
                for (int s = 0; s < a; s++) ones += x[i * d + p * a + s];
                assertEquals(1.0, ones, "draw " + i + " position " + p + " is not one-hot");
            }
            for (int s = 0; s < a; s++) {
                double prob = Math.exp(l[p * a + s]) / norm, freq = 0;
                for (int i = 0; i < draws; i++) freq += x[i * d + p * a + s] / draws;
                assertEquals(prob, mean[p * a + s], 1e-15);
                assertEquals(prob, freq, 4 * Math.sqrt(prob * (1 - prob) / draws) + 1e-12, "position " + p + " symbol " + s);
            }
        }
    }

    // ------------------------------------------------------------------ initialization from data

    @Test
    void bernoulliOutputBiasIsTheLogitOfTheClampedDataMean() {
        // column means 0.25, 0 (clamped up), 1 (clamped down), 0.5, and grey levels 0.3
        double[] data = {
            1, 0, 1, 1, 0.2,
            0, 0, 1, 0, 0.4,
            0, 0, 1, 1, 0.3,
            0, 0, 1, 0, 0.3};
        Tensor bias = Tensor.parameter("decoder.dense0.b", 1, 5);
        new Bernoulli(5).initFromData(bias, data, 4);
        double c = Bernoulli.MEAN_CLAMP;
        double[] expected = {Math.log(0.25 / 0.75), Math.log(c / (1 - c)), Math.log((1 - c) / c), 0, Math.log(0.3 / 0.7)};
        assertArrayEquals(expected, bias.value(), 1e-12);
        // so σ(bias) is the data mean where it is inside the clamp
        assertEquals(0.25, 1 / (1 + Math.exp(-bias.value()[0])), 1e-12);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Bernoulli(2).initFromData(Tensor.parameter("b", 1, 2), new double[] {0, 1, 1, 1.5}, 2));
        assertTrue(e.getMessage().contains("[0, 1]") && e.getMessage().contains("row 1, column 1"), e.getMessage());
    }

    @Test
    void gaussianInitStartsAtTheDataMeanAndVariance() {
        double[] data = {1, 10, 5, 3, 14, 5, 2, 12, 5}; // column variances 2/3, 8/3, 0
        Gaussian feature = new Gaussian(3, GaussianVariance.FEATURE, 0);
        Tensor bias = Tensor.parameter("b", 1, 3);
        feature.initFromData(bias, data, 3);
        assertArrayEquals(new double[] {2, 12, 5}, bias.value(), 1e-12);
        assertArrayEquals(new double[] {Math.log(2.0 / 3), Math.log(8.0 / 3), Math.log(Gaussian.VARIANCE_FLOOR)},
                feature.parameters().get(0).value(), 1e-12);
        assertEquals(Gaussian.LOG_VAR_NAME, feature.parameters().get(0).name());

        Gaussian example = new Gaussian(3, GaussianVariance.EXAMPLE, 0);
        Tensor bias4 = Tensor.parameter("b", 1, 4);
        example.initFromData(bias4, data, 3);
        assertArrayEquals(new double[] {2, 12, 5, Math.log(10.0 / 9)}, bias4.value(), 1e-12);
        assertEquals(List.of(), example.parameters());

        assertThrows(IllegalArgumentException.class, () -> feature.initFromData(Tensor.parameter("b", 1, 4), data, 3));
        assertThrows(IllegalArgumentException.class,
                () -> feature.initFromData(bias, new double[] {1, Double.NaN, 0}, 1));
    }

    @Test
    void categoricalInitGivesThePerPositionSymbolFrequencies() {
        int a = 3;
        double[] data = {
            1, 0, 0, 0, 0, 1,
            1, 0, 0, 0, 1, 0,
            0, 1, 0, 0, 0, 1,
            1, 0, 0, 0, 0, 0}; // last position unknown in row 3
        Tensor bias = Tensor.parameter("b", 1, 6);
        new Categorical(6, a).initFromData(bias, data, 4);
        double f = Categorical.FREQUENCY_FLOOR;
        assertArrayEquals(new double[] {Math.log(0.75), Math.log(0.25), Math.log(f), Math.log(f), Math.log(0.25), Math.log(0.5)},
                bias.value(), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Categorical(6, a).initFromData(bias, new double[] {1, 1, 0, 0, 0, 1}, 1));
        assertTrue(e.getMessage().contains("one-hot") && e.getMessage().contains("position 0"), e.getMessage());
    }

    // ------------------------------------------------------------------ specs

    @Test
    void specsBuildTheirLikelihoodAndRejectMisplacedOptions() {
        assertTrue(LikelihoodSpec.bernoulli().create(4) instanceof Bernoulli);
        Likelihood g = LikelihoodSpec.gaussian(GaussianVariance.EXAMPLE).create(4);
        assertEquals(5, g.decoderOutputs());
        assertEquals(LikelihoodSpec.gaussian(GaussianVariance.EXAMPLE), g.spec());
        assertEquals(LikelihoodSpec.gaussianFixed(0.5), LikelihoodSpec.gaussianFixed(0.5).create(2).spec());
        assertEquals(LikelihoodSpec.categorical(21), LikelihoodSpec.categorical(21).create(42).spec());
        assertThrows(IllegalArgumentException.class, () -> LikelihoodSpec.categorical(21).create(40));
        assertThrows(IllegalArgumentException.class, () -> LikelihoodSpec.categorical(1));
        assertThrows(IllegalArgumentException.class, () -> LikelihoodSpec.gaussianFixed(0));
        assertThrows(IllegalArgumentException.class, () -> LikelihoodSpec.gaussian(GaussianVariance.FIXED));
        assertThrows(IllegalArgumentException.class,
                () -> new LikelihoodSpec(LikelihoodSpec.Kind.BERNOULLI, null, 0, 3));
        assertThrows(IllegalArgumentException.class,
                () -> new LikelihoodSpec(LikelihoodSpec.Kind.GAUSSIAN, GaussianVariance.FEATURE, 0.1, 0));
    }

    // ------------------------------------------------------------------ helpers

    static double[] normals(Rng rng, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = scale * rng.nextNormal();
        return v;
    }

    static double[] oneHot(Rng rng, int rows, int positions, int a) {
        double[] x = new double[rows * positions * a];
        for (int g = 0; g < rows * positions; g++) x[g * a + rng.nextInt(a)] = 1;
        return x;
    }
}
