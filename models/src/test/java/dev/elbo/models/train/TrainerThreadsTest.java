package dev.elbo.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.elbo.autodiff.Tensor;
import dev.elbo.core.Parallel;
import dev.elbo.core.Rng;
import dev.elbo.models.data.Binarization;
import dev.elbo.models.data.DataSet;
import dev.elbo.models.data.Synthetic;
import dev.elbo.models.dist.LikelihoodSpec;
import dev.elbo.models.nn.Activation;
import dev.elbo.models.vae.Elbo;
import dev.elbo.models.vae.Iwae;
import dev.elbo.models.vae.Objective;
import dev.elbo.models.vae.Vae;
import dev.elbo.models.vae.VaeSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code config.threads()} reaches the kernels ({@link Trainer#run()} sets {@link Parallel}) and
 * changes no number: the same seed with 1 thread and with several gives the same metrics (timing
 * aside) and the same parameters, bit for bit. The model is large enough (a 96-wide layer on
 * batches of 32) that the matrix products are really split between threads.
 */
class TrainerThreadsTest {
    private final int threadsBefore = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(threadsBefore);
    }

    private record Run(List<EpochMetrics> metrics, List<double[]> parameters, int threadsSeen) {}

    private static Run train(int threads, long seed, boolean iwae) throws Exception {
        DataSet data = Synthetic.bars(256, 8, 0.25, new Rng(seed + 1));
        TrainingConfig config = TrainingConfig.defaults().toBuilder().epochs(2).batchSize(32).learningRate(3e-3)
                .seed(seed).threads(threads).binarization(Binarization.DYNAMIC).validationFraction(0.25)
                .objective(iwae ? TrainingConfig.ObjectiveKind.IWAE : TrainingConfig.ObjectiveKind.ELBO)
                .samples(iwae ? 3 : 1).build();
        Vae vae = new Vae(VaeSpec.symmetric(64, List.of(96), 4, Activation.TANH, LikelihoodSpec.bernoulli()),
                RandomStreams.of(seed).initialization());
        Objective objective = iwae ? new Iwae(vae, 3) : new Elbo(vae);
        int[] seen = new int[1];
        Trainer t = Trainer.builder(objective, config).trainingData(data).architecture(vae.spec().toJson())
                .listener(new TrainingListener() {
                    @Override
                    public void batchFinished(BatchProgress p) {
                        seen[0] = Parallel.threads();
                    }
                }).build();
        vae.initFromData(t.trainingData().data(), t.trainingData().size());
        Parallel.setThreads(threads == 1 ? 3 : 1); // the run must set it itself
        TrainingResult r = t.run();
        List<EpochMetrics> metrics = new ArrayList<>();
        for (EpochMetrics m : r.history()) {
            metrics.add(m.withoutTiming());
        }
        List<double[]> parameters = new ArrayList<>();
        for (Tensor p : vae.parameters()) {
            parameters.add(p.value().clone());
        }
        return new Run(metrics, parameters, seen[0]);
    }

    @ParameterizedTest(name = "seed {0}, {1} threads, iwae {2}")
    @CsvSource({"1, 2, false", "2, 3, false", "3, 2, true"})
    void oneThreadAndSeveralGiveTheSameRun(long seed, int threads, boolean iwae) throws Exception {
        Run one = train(1, seed, iwae);
        Run many = train(threads, seed, iwae);
        assertEquals(1, one.threadsSeen(), "run() sets the thread count of the configuration");
        assertEquals(threads, many.threadsSeen(), "run() sets the thread count of the configuration");
        String where = "seed " + seed + ", 1 vs " + threads + " threads, iwae " + iwae;
        assertEquals(one.metrics(), many.metrics(), where);
        for (int i = 0; i < one.parameters().size(); i++) {
            assertArrayEquals(one.parameters().get(i), many.parameters().get(i), where + ", parameter " + i);
        }
    }
}
