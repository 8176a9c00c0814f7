package dev.elbo.models.dist;

import dev.elbo.autodiff.Tape;
import dev.elbo.autodiff.Tensor;

/** The prior p(z) = N(0, I) over the latent space. */
public final class StandardNormal {
    private StandardNormal() {}

    /** log p(z) = −½ Σ_j (log 2π + z_j²) for each row of z (r × L) → r × 1. */
    public static Tensor logDensity(Tape tape, Tensor z) {
        return tape.stdNormalLogDensity(z);
    }
}
