package dev.elbo.models.train;

/**
 * Receives the progress of a {@link Trainer}, on the training thread: keep the methods quick
 * (a progress bar, a log line). Every method has an empty default.
 */
public interface TrainingListener {

    /**
     * Before the first batch of a run.
     *
     * @param firstEpoch      1-based epoch about to start (above 1 when resumed)
     * @param epochs          the last epoch of the run
     * @param batchesPerEpoch minibatches per epoch
     */
    default void trainingStarted(int firstEpoch, int epochs, int batchesPerEpoch) {}

    /** After each optimizer step. The object is reused: read it now, do not keep it. */
    default void batchFinished(BatchProgress progress) {}

    /** After each epoch, once its metrics are computed and its checkpoint is written. */
    default void epochFinished(EpochMetrics metrics) {}
}
