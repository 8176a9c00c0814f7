/**
 * Gradient-based optimizers over a fixed list of parameter tensors.
 *
 * <ul>
 *   <li>{@link dev.elbo.models.optim.Optimizer}: the contract — {@code step(lr)} reads every
 *       parameter's gradient, updates its value, then zeroes the gradient;</li>
 *   <li>{@link dev.elbo.models.optim.Adam} (bias-corrected, optional decoupled weight decay) and
 *       {@link dev.elbo.models.optim.Sgd} (momentum, optional Nesterov);</li>
 *   <li>{@link dev.elbo.models.optim.GradientClipping}: clipping by the global norm;</li>
 *   <li>{@link dev.elbo.models.optim.LearningRateSchedule}: constant, step decay, cosine with
 *       optional linear warm-up;</li>
 *   <li>{@link dev.elbo.models.optim.OptimizerState}: the moments and the step count, exported
 *       for a checkpoint and imported so that a resumed run continues bit for bit.</li>
 * </ul>
 * A step allocates nothing: the moment buffers are allocated once, with the optimizer.
 */
package dev.elbo.models.optim;
