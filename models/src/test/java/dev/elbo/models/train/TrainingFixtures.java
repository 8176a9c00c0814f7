package dev.elbo.models.train;

import dev.elbo.core.Rng;
import dev.elbo.models.data.Binarization;
import dev.elbo.models.data.DataSet;
import dev.elbo.models.data.Synthetic;

/** Small data sets and configurations shared by the trainer tests. */
final class TrainingFixtures {
    private TrainingFixtures() {}

    /** Binary 5×5 bars images. */
    static DataSet bars(int n, long seed) {
        return Synthetic.bars(n, 5, 0.2, new Rng(seed));
    }

    /** Grey bars: 0 → 0.1, 1 → 0.85, so binarization has something to draw. */
    static DataSet greyBars(int n, long seed) {
        DataSet bars = bars(n, seed);
        double[] grey = bars.data().clone();
        for (int i = 0; i < grey.length; i++) grey[i] = grey[i] == 1 ? 0.85 : 0.1;
        return bars.withData("grey bars", grey);
    }

    /** A short run exercising every stateful part: Adam, cosine warm-up, clipping, KL warm-up, dynamic binarization. */
    static TrainingConfig busyConfig(int epochs, String outputDirectory) {
        return TrainingConfig.defaults().toBuilder()
                .epochs(epochs)
                .batchSize(20)
                .learningRate(0.01)
                .schedule(TrainingConfig.ScheduleConfig.cosine(1e-4, 1))
                .clipNorm(5.0)
                .klWarmupEpochs(2)
                .binarization(Binarization.DYNAMIC)
                .seed(42)
                .validationFraction(0.2)
                .outputDirectory(outputDirectory)
                .build();
    }

    /** A fresh model for a configuration: initialized from the run's initialization stream. */
    static TinyVae model(TrainingConfig config, int dim, int hidden) {
        return new TinyVae(dim, hidden, 3, RandomStreams.of(config.seed()).initialization());
    }
}
