package dev.elbo.models.vae;

/**
 * The terms of a bound, averaged over the examples of one minibatch, in nats per example:
 * {@code bound = reconstruction − kl} for the ELBO (with the KL weight at 1); for the IWAE
 * bound, reconstruction and kl are those of its samples, reported for comparison.
 * A mutable holder so a training loop reports without allocating.
 */
public final class BoundTerms {
    /** The bound itself (ELBO or IWAE_k), unweighted by β. */
    public double bound;
    /** E_q[log p(x|z)]. */
    public double reconstruction;
    /** KL(q(z|x) ‖ p(z)) (analytic or Monte Carlo, as the objective computes it). */
    public double kl;
    /** KL per latent dimension (analytic), averaged over the minibatch; length = latent size. */
    public double[] klPerDimension = new double[0];

    /** Copies all fields of {@code other} into this holder. */
    public void set(BoundTerms other) {
        bound = other.bound;
        reconstruction = other.reconstruction;
        kl = other.kl;
        if (klPerDimension.length != other.klPerDimension.length) {
            klPerDimension = other.klPerDimension.clone();
        } else {
            System.arraycopy(other.klPerDimension, 0, klPerDimension, 0, klPerDimension.length);
        }
    }
}
