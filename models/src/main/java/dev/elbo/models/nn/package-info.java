/**
 * Networks on the autodiff tape: {@link dev.elbo.models.nn.Dense} (Y = X·W + b),
 * {@link dev.elbo.models.nn.Mlp} (dense layers with an {@link dev.elbo.models.nn.Activation}
 * between them, the last one linear, zero hidden layers allowed) and the weight
 * initializations of {@link dev.elbo.models.nn.Init}.
 */
package dev.elbo.models.nn;
