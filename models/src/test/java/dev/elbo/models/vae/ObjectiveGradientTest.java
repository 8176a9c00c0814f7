package dev.elbo.models.vae;

import dev.elbo.autodiff.GradCheck;
import dev.elbo.autodiff.Tensor;
import dev.elbo.core.Rng;
import dev.elbo.models.dist.LikelihoodSpec;
import dev.elbo.models.dist.LikelihoodSpec.GaussianVariance;
import dev.elbo.models.nn.Activation;
import dev.elbo.models.vae.Elbo.KlEstimator;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gradient of the whole loss — encoder, reparameterized sampling, decoder, likelihood, KL,
 * sample averaging or log-sum-exp — against finite differences, for every likelihood. The
 * noise ε is fixed by giving each evaluation a fresh copy of the same generator.
 */
class ObjectiveGradientTest {
    static final int N = 3;

    static Stream<Arguments> cases() {
        List<LikelihoodSpec> likelihoods = List.of(LikelihoodSpec.bernoulli(),
                LikelihoodSpec.gaussian(GaussianVariance.FEATURE), LikelihoodSpec.gaussian(GaussianVariance.EXAMPLE),
                LikelihoodSpec.gaussianFixed(0.5), LikelihoodSpec.categorical(3));
        List<Arguments> cases = new ArrayList<>();
        long seed = 0;
        for (LikelihoodSpec l : likelihoods) {
            for (String objective : new String[] {"elbo-analytic", "elbo-mc", "iwae"}) {
                for (int k : new int[] {1, 3}) cases.add(Arguments.of(l, objective, k, seed++));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} K={2} seed {3}")
    @MethodSource("cases")
    void lossGradientMatchesFiniteDifferences(LikelihoodSpec likelihood, String objective, int k, long seed) {
        Rng rng = new Rng(seed);
        int d = 6;
        Activation act = seed % 2 == 0 ? Activation.TANH : Activation.SOFTPLUS;
        VaeSpec spec = new VaeSpec(d, List.of(5), 2, List.of(4), act, likelihood);
        Vae vae = new Vae(spec, rng);
        double[] data = data(likelihood, rng, N, d);
        vae.initFromData(data, N);
        for (Tensor p : vae.parameters()) for (int i = 0; i < p.size(); i++) p.value()[i] += 0.2 * rng.nextNormal();
        Objective o = objective.equals("iwae") ? new Iwae(vae, k)
                : new Elbo(vae, k, objective.equals("elbo-mc") ? KlEstimator.MONTE_CARLO : KlEstimator.ANALYTIC);
        double beta = 0.7;
        Rng noise = new Rng(1000 + seed);
        GradCheck.Result r = GradCheck.check(t -> o.loss(t, t.constant(N, d, data, 0), noise.copy(), beta, null),
                vae.parameters().toArray(new Tensor[0]));
        r.assertBelow(1e-6);
    }

    static double[] data(LikelihoodSpec l, Rng rng, int n, int d) {
        double[] x = new double[n * d];
        switch (l.kind()) {
            case BERNOULLI:
                for (int i = 0; i < x.length; i++) x[i] = rng.nextBernoulli(0.4) ? 1 : 0;
                break;
            case GAUSSIAN:
                for (int i = 0; i < x.length; i++) x[i] = rng.nextNormal();
                break;
            case CATEGORICAL:
                int a = l.alphabetSize();
                for (int g = 0; g < n * d / a; g++) x[g * a + rng.nextInt(a)] = 1;
                break;
            default:
                throw new AssertionError();
        }
        return x;
    }
}
