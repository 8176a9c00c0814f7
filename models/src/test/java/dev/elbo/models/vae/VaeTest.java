package dev.elbo.models.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elbo.autodiff.Tape;
import dev.elbo.autodiff.Tensor;
import dev.elbo.core.Rng;
import dev.elbo.models.dist.Bernoulli;
import dev.elbo.models.dist.DiagonalGaussian;
import dev.elbo.models.dist.LikelihoodSpec;
import dev.elbo.models.dist.LikelihoodSpec.GaussianVariance;
import dev.elbo.models.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VaeTest {

    @Test
    void parametersAreNamedAndOrderedEncoderDecoderLikelihood() {
        VaeSpec spec = new VaeSpec(6, List.of(5), 2, List.of(4, 3), Activation.TANH, LikelihoodSpec.gaussian(GaussianVariance.FEATURE));
        Vae vae = new Vae(spec, new Rng(1));
        List<String> names = new ArrayList<>();
        for (Tensor p : vae.parameters()) names.add(p.name() + " " + p.shape());
        assertEquals(List.of("encoder.dense0.w 6×5", "encoder.dense0.b 1×5", "encoder.dense1.w 5×4", "encoder.dense1.b 1×4",
                "decoder.dense0.w 2×4", "decoder.dense0.b 1×4", "decoder.dense1.w 4×3", "decoder.dense1.b 1×3",
                "decoder.dense2.w 3×6", "decoder.dense2.b 1×6", "likelihood.logVar 1×6"), names);
        assertTrue(vae.parameter("decoder.dense2.b") == vae.decoder().outputLayer().bias());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> vae.parameter("decoder.dense9.w"));
        assertTrue(e.getMessage().contains("encoder.dense0.w"), e.getMessage());
        // per-example variance: one more decoder output, no likelihood parameter
        Vae v2 = new Vae(new VaeSpec(6, List.of(), 2, List.of(), Activation.TANH, LikelihoodSpec.gaussian(GaussianVariance.EXAMPLE)), new Rng(1));
        assertEquals(7, v2.decoder().out());
        assertEquals(4, v2.parameters().size());
    }

    @Test
    void sameSeedSameModel() {
        VaeSpec spec = VaeSpec.symmetric(8, List.of(6), 3, Activation.RELU, LikelihoodSpec.bernoulli());
        Vae a = new Vae(spec, new Rng(7)), b = new Vae(spec, new Rng(7));
        for (int i = 0; i < a.parameters().size(); i++) assertArrayEquals(a.parameters().get(i).value(), b.parameters().get(i).value());
    }

    @Test
    void plainArrayHelpersAgreeWithTheTape() {
        VaeSpec spec = VaeSpec.symmetric(5, List.of(4), 2, Activation.TANH, LikelihoodSpec.bernoulli());
        Vae vae = new Vae(spec, new Rng(3));
        Rng rng = new Rng(4);
        int rows = 2500; // more than one internal chunk
        double[] x = new double[rows * 5];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextBernoulli(0.3) ? 1 : 0;
        vae.initFromData(x, rows);
        double[] mu = vae.latentMeans(x, rows), recon = vae.reconstruct(x, rows);

        Tape t = new Tape();
        DiagonalGaussian q = vae.encode(t, t.constant(rows, 5, x, 0), new DiagonalGaussian());
        assertArrayEquals(q.mu().value(), mu, 1e-15);
        Tensor logits = vae.decode(t, q.mu());
        for (int i = 0; i < rows * 5; i++) assertEquals(1 / (1 + Math.exp(-logits.value()[i])), recon[i], 1e-14);

        double[] means = vae.sampleFromPrior(300, new Rng(5), false);
        double[] z = new double[300 * 2];
        new Rng(5).fillNormal(z, 0, z.length);
        assertArrayEquals(vae.decodeMeans(z, 300), means, 0);
        double[] draws = vae.sampleFromPrior(300, new Rng(5), true);
        for (double v : draws) assertTrue(v == 0 || v == 1);
        assertArrayEquals(draws, vae.sampleFromPrior(300, new Rng(5), true), 0);
    }

    @Test
    void bernoulliDecoderStartsAtTheDataMarginal() {
        VaeSpec spec = VaeSpec.symmetric(3, List.of(4), 2, Activation.TANH, LikelihoodSpec.bernoulli());
        Vae vae = new Vae(spec, new Rng(3));
        double[] x = {1, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 1};
        vae.initFromData(x, 4);
        double[] b = vae.decoder().outputLayer().bias().value();
        double c = Bernoulli.MEAN_CLAMP;
        assertArrayEquals(new double[] {Math.log(0.75 / 0.25), Math.log(c / (1 - c)), Math.log(0.75 / 0.25)}, b, 1e-12);
    }

    @Test
    void activeUnitsAreTheLatentDimensionsWhoseMeanVariesWithTheData() {
        VaeSpec spec = new VaeSpec(4, List.of(), 3, List.of(), Activation.IDENTITY, LikelihoodSpec.bernoulli());
        Vae vae = new Vae(spec, new Rng(3));
        double[] w = vae.parameter("encoder.dense0.w").value(); // 4 × 6: [μ | log σ²]
        for (int i = 0; i < 4; i++) {
            w[i * 6] = 0.5;        // μ_0 follows the data
            w[i * 6 + 1] = 0.02;   // μ_1 barely
            w[i * 6 + 2] = 0;      // μ_2 ignores it
        }
        Rng rng = new Rng(9);
        int rows = 400;
        double[] x = new double[rows * 4];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextBernoulli(0.5) ? 1 : 0;
        double[] a = ActiveUnits.activity(vae, x, rows);
        double[] mu = vae.latentMeans(x, rows);
        for (int u = 0; u < 3; u++) {
            double m = 0, s = 0;
            for (int r = 0; r < rows; r++) m += mu[r * 3 + u] / rows;
            for (int r = 0; r < rows; r++) s += (mu[r * 3 + u] - m) * (mu[r * 3 + u] - m);
            assertEquals(s / (rows - 1), a[u], 1e-12);
        }
        assertTrue(a[0] > 0.2 && a[1] > 0 && a[1] < 0.01 && a[2] == 0, java.util.Arrays.toString(a));
        assertEquals(1, ActiveUnits.count(vae, x, rows));
    }

    @Test
    void klWarmupRisesLinearlyToBeta() {
        KlWarmup w = new KlWarmup(2.0, 4);
        assertEquals(0.0, w.weight(0));
        assertEquals(1.0, w.weight(2));
        assertEquals(1.5, w.weight(3));
        assertEquals(2.0, w.weight(4));
        assertEquals(2.0, w.weight(100));
        assertEquals(1.0, KlWarmup.none().weight(0));
        assertThrows(IllegalArgumentException.class, () -> new KlWarmup(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new KlWarmup(1, -1));
    }

    @Test
    void wrongInputWidthIsRejected() {
        Vae vae = new Vae(VaeSpec.symmetric(5, List.of(), 2, Activation.TANH, LikelihoodSpec.bernoulli()), new Rng(1));
        Tape t = new Tape();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Elbo(vae).loss(t, t.constant(2, 4, new double[8], 0), new Rng(1), 1, null));
        assertTrue(e.getMessage().contains("5 columns") && e.getMessage().contains("2×4"), e.getMessage());
    }
}
