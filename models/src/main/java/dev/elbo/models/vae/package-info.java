/**
 * The variational autoencoder and the bounds on log P_φ(x) it is trained and judged by.
 *
 * <p>To read the code from x to the ELBO, start at
 * {@link dev.elbo.models.vae.Elbo#perExample(dev.elbo.autodiff.Tape, dev.elbo.autodiff.Tensor,
 * dev.elbo.core.Rng, double) Elbo.perExample}: encode x into Q_ψ(z|x), draw ε, form
 * z = μ + σ ⊙ ε, decode, score x under P_φ(x|z), subtract the KL. Then
 * {@link dev.elbo.models.vae.Iwae} (the same samples combined inside a log-mean-exp) and
 * {@link dev.elbo.models.vae.Evidence} (the same with thousands of samples, to estimate
 * log P_φ(x) itself). {@link dev.elbo.models.vae.Vae} holds the networks;
 * {@link dev.elbo.models.vae.VaeSpec} describes them (as JSON in checkpoints).
 */
package dev.elbo.models.vae;
