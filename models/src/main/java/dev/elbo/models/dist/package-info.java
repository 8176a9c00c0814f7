/**
 * The distributions of a VAE. The inference model Q_ψ(z|x) is a
 * {@link dev.elbo.models.dist.DiagonalGaussian} whose μ and log σ² come from a
 * {@link dev.elbo.models.dist.GaussianEncoder}; its samples are reparameterized,
 * z = μ + σ ⊙ ε. The prior P(z) is the {@link dev.elbo.models.dist.StandardNormal}. The decoder's
 * P_φ(x|z) is a {@link dev.elbo.models.dist.Likelihood}: {@link dev.elbo.models.dist.Bernoulli}
 * (binary data), {@link dev.elbo.models.dist.Gaussian} (continuous data) or
 * {@link dev.elbo.models.dist.Categorical} (one-hot sequences), chosen by a
 * {@link dev.elbo.models.dist.LikelihoodSpec}.
 */
package dev.elbo.models.dist;
