package dev.elbo.models.cli;

import dev.elbo.models.train.BatchProgress;
import dev.elbo.models.train.EpochMetrics;
import dev.elbo.models.train.TrainingListener;

/**
 * Passes what a {@link dev.elbo.models.train.Trainer} reports to a {@link ProgressListener} (the
 * bar or the plain lines): the trainer's vocabulary on one side, the display's on the other.
 */
final class TrainingProgress implements TrainingListener {
    private final ProgressListener display;
    private final int batchSize;

    TrainingProgress(ProgressListener display, int batchSize) {
        this.display = display;
        this.batchSize = batchSize;
    }

    @Override
    public void trainingStarted(int firstEpoch, int epochs, int batchesPerEpoch) {
        display.start(firstEpoch, epochs, batchesPerEpoch);
    }

    @Override
    public void batchFinished(BatchProgress p) {
        // the trainer drops a last partial batch: every batch holds batchSize examples
        display.batch(p.epoch(), p.batch(), batchSize, p.bound(), p.kl());
    }

    @Override
    public void epochFinished(EpochMetrics m) {
        ProgressListener.Terms valid = m.validated()
                ? new ProgressListener.Terms(m.validBound(), m.validReconstruction(), m.validKl()) : null;
        display.epoch(new ProgressListener.EpochSummary(m.epoch(),
                new ProgressListener.Terms(m.trainBound(), m.trainReconstruction(), m.trainKl()), valid, m.seconds()));
    }
}
