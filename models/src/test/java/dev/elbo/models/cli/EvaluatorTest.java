package dev.elbo.models.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.elbo.core.Parallel;
import dev.elbo.core.Rng;
import dev.elbo.models.data.DataSet;
import dev.elbo.models.data.Synthetic;
import dev.elbo.models.dist.LikelihoodSpec;
import dev.elbo.models.nn.Activation;
import dev.elbo.models.vae.Evidence;
import dev.elbo.models.vae.Vae;
import dev.elbo.models.vae.VaeSpec;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The evaluation spreads blocks of examples over threads: each example must still get the noise
 * one sequential pass gives it, so the numbers are those of {@link Evidence} run on all examples
 * at once, bit for bit, for any thread count and any k (block sizes change with k).
 */
class EvaluatorTest {
    private final int threadsBefore = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(threadsBefore);
    }

    @ParameterizedTest(name = "k = {0}, n = {1}, {2} threads, seed {3}")
    @CsvSource({"3, 37, 1, 1", "3, 37, 3, 2", "250, 9, 2, 3", "2000, 5, 4, 4", "1, 12, 2, 5"})
    void matchesOneSequentialPassOfTheEvidence(int k, int n, int threads, long seed) {
        Vae vae = new Vae(VaeSpec.symmetric(16, List.of(8), 2, Activation.TANH, LikelihoodSpec.bernoulli()),
                new Rng(seed));
        DataSet data = Synthetic.bars(n, 4, 0.3, new Rng(seed + 100));
        Parallel.setThreads(threads);
        Evaluator.Scores s = Evaluator.score(vae, data, k, seed, null);

        Rng root = new Rng(seed);
        root.split(); // the ELBO's stream
        Evidence.Result reference = new Evidence(vae).samples(k).estimate(data.data(), n, root.split());
        String where = "k " + k + ", n " + n + ", threads " + threads + ", seed " + seed;
        assertArrayEquals(reference.logPx(), s.logPx(), where);
        assertArrayEquals(reference.standardErrors(), s.stderr(), where);
        assertArrayEquals(reference.effectiveSampleSizes(), s.ess(), where);
        assertEquals(reference.mean(), s.meanLogPx(), 1e-12, where);
        assertEquals(reference.monteCarloErrorOfMean(), s.monteCarloError(), 1e-12, where);
    }
}
