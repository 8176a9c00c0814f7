package dev.elbo.models.train;

/**
 * A bound evaluated on a whole data set, KL weight 1, in nats per example (averages over all
 * examples, each minibatch weighted by its size).
 *
 * @param bound          the objective's bound (ELBO or IWAE_K)
 * @param reconstruction E_q[log p(x|z)]
 * @param kl             KL(q(z|x) ‖ p(z))
 * @param klPerDimension mean KL per latent dimension, empty when the objective does not report it
 * @param examples       number of examples evaluated
 */
public record Evaluation(double bound, double reconstruction, double kl, double[] klPerDimension, int examples) {
    public Evaluation {
        klPerDimension = klPerDimension.clone();
    }

    @Override
    public double[] klPerDimension() {
        return klPerDimension.clone();
    }

    /** Latent dimensions whose mean KL exceeds {@link EpochMetrics#ACTIVE_UNIT_KL}, −1 if unknown. */
    public int activeUnits() {
        return EpochMetrics.activeUnits(klPerDimension);
    }
}
