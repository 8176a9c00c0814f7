package dev.elbo.models.vae;

import dev.elbo.autodiff.Tape;
import dev.elbo.autodiff.Tensor;
import dev.elbo.core.Rng;
import java.util.List;

/**
 * A bound on log p(x) estimated on a minibatch: what the trainer maximizes (by minimizing its
 * negative). Implemented by the ELBO and the importance-weighted bound.
 */
public interface Objective {

    /**
     * Records on {@code tape} the loss of minibatch {@code x} (n × D, a constant): the negative
     * of the bound averaged over the n examples, a 1×1 tensor to minimize.
     *
     * @param rng       source of the reparameterization noise ε for this minibatch
     * @param klWeight  multiplies the KL term: β times the warm-up factor (1 for the plain bound)
     * @param terms     receives the per-example means of the bound's terms for reporting
     */
    Tensor loss(Tape tape, Tensor x, Rng rng, double klWeight, BoundTerms terms);

    /** The trainable parameters the loss depends on, in a fixed order. */
    List<Tensor> parameters();
}
