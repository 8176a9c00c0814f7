package dev.elbo.models.train;

/**
 * Where training stands after a minibatch: what a progress bar shows. One object is reused for
 * every batch (so reporting allocates nothing): read it during
 * {@link TrainingListener#batchFinished}, do not keep it.
 */
public final class BatchProgress {
    int epoch;
    int epochs;
    int batch;
    int batches;
    long step;
    double learningRate;
    double klWeight;
    double loss;
    double bound;
    double reconstruction;
    double kl;
    double gradientNorm;
    double examplesPerSecond;
    double elapsedSeconds;
    double etaSeconds;

    /** 1-based epoch being trained. */
    public int epoch() { return epoch; }

    /** Epochs of the whole run. */
    public int epochs() { return epochs; }

    /** 1-based number of the batch just finished within its epoch. */
    public int batch() { return batch; }

    /** Batches per epoch. */
    public int batches() { return batches; }

    /** Optimizer steps completed, this one included. */
    public long step() { return step; }

    /** The learning rate of this step. */
    public double learningRate() { return learningRate; }

    /** The KL weight of this step. */
    public double klWeight() { return klWeight; }

    /** The minimized loss of this batch: −(reconstruction − klWeight·KL) for the ELBO. */
    public double loss() { return loss; }

    /** The bound on this batch (nats per example). */
    public double bound() { return bound; }

    /** Its reconstruction term. */
    public double reconstruction() { return reconstruction; }

    /** Its KL term. */
    public double kl() { return kl; }

    /** The global gradient norm before clipping. */
    public double gradientNorm() { return gradientNorm; }

    /** Training examples per second so far in this epoch. */
    public double examplesPerSecond() { return examplesPerSecond; }

    /** Seconds since {@link Trainer#run()} started. */
    public double elapsedSeconds() { return elapsedSeconds; }

    /** Estimated seconds until the last epoch ends, from the pace of this run so far (validation excluded). */
    public double etaSeconds() { return etaSeconds; }
}
