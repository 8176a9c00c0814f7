package dev.elbo.models.cli;

/**
 * What a training loop tells whoever shows its progress, in the order: {@link #start}, then for
 * each epoch its {@link #batch}es and one {@link #epoch}, then {@link #finish}. Epochs and
 * batches count from 1. Called on the training thread; an implementation must be quick.
 */
public interface ProgressListener {

    /** Before the first batch. */
    void start(int epochs, int batchesPerEpoch);

    /**
     * Before the first batch of a run that starts at {@code firstEpoch} (above 1 when resumed),
     * so that the time left counts only the epochs still to come.
     */
    default void start(int firstEpoch, int epochs, int batchesPerEpoch) {
        start(epochs, batchesPerEpoch);
    }

    /**
     * After each minibatch.
     *
     * @param examples how many examples the minibatch held
     * @param elbo     the minibatch's mean bound (nats per example)
     * @param kl       the minibatch's mean KL term (nats per example)
     */
    void batch(int epoch, int batch, int examples, double elbo, double kl);

    /** After an epoch, with its validation if any. */
    void epoch(EpochSummary summary);

    /** After the last epoch, or when training stops early. */
    void finish();

    /**
     * The means of one epoch.
     *
     * @param train       mean terms over the epoch's minibatches
     * @param validation  the same on the validation set, or null when there is none
     * @param seconds     wall time of the epoch, validation included
     */
    record EpochSummary(int epoch, Terms train, Terms validation, double seconds) {}

    /** A bound and its two terms, nats per example: {@code elbo = reconstruction − kl}. */
    record Terms(double elbo, double reconstruction, double kl) {}

    /** Shows nothing. */
    ProgressListener NONE = new ProgressListener() {
        @Override
        public void start(int epochs, int batchesPerEpoch) {}

        @Override
        public void batch(int epoch, int batch, int examples, double elbo, double kl) {}

        @Override
        public void epoch(EpochSummary summary) {}

        @Override
        public void finish() {}
    };
}
