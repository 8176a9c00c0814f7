package dev.elbo.models.nn;

import dev.elbo.autodiff.Tensor;
import dev.elbo.core.Rng;

/**
 * Weight initializations for a dense layer with W of shape in × out, drawn uniformly from
 * [−a, a] so the variance a²/3 matches the scheme's target; biases start at zero.
 *
 * <ul>
 *   <li>{@link #GLOROT_UNIFORM} (Glorot and Bengio 2010): Var W = 2 / (in + out), so
 *       a = √(6 / (in + out)); keeps the scale of both the forward activations and the
 *       backward gradients for activations that are linear near 0 (tanh, softplus, identity).</li>
 *   <li>{@link #HE_UNIFORM} (He et al. 2015): Var W = 2 / in, so a = √(6 / in); makes up for
 *       the half of the inputs a relu (or elu, approximately) zeroes.</li>
 * </ul>
 */
public enum Init {
    GLOROT_UNIFORM,
    HE_UNIFORM;

    /** The half-width a of the uniform distribution for a layer of in inputs and out outputs. */
    public double limit(int in, int out) {
        return this == GLOROT_UNIFORM ? Math.sqrt(6.0 / (in + out)) : Math.sqrt(6.0 / in);
    }

    /** Fills w (in × out, row-major) with U(−a, a), entries in row-major order from rng. */
    public void fill(Tensor w, Rng rng) {
        double a = limit(w.rows(), w.cols());
        double[] v = w.value();
        for (int i = 0; i < v.length; i++) v[i] = a * (2.0 * rng.nextDouble() - 1.0);
    }
}
