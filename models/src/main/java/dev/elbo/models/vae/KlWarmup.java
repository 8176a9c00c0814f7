package dev.elbo.models.vae;

/**
 * The KL weight of a training step: β times a linear warm-up from 0 to 1 over the first
 * {@code warmupSteps} steps (Bowman et al. 2016; Sønderby et al. 2016),
 * <pre>
 *   klWeight(t) = β · min(1, t / warmupSteps)     (β when warmupSteps = 0)
 * </pre>
 * passed to {@link Objective#loss} as {@code klWeight}. β = 1 without warm-up is the ELBO
 * itself; β &gt; 1 is the β-VAE. Steps may be minibatches or epochs, as the caller counts them.
 */
public record KlWarmup(double beta, long warmupSteps) {

    public KlWarmup {
        if (!(beta >= 0 && beta < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("KlWarmup: β must be finite and ≥ 0, got " + beta);
        }
        if (warmupSteps < 0) throw new IllegalArgumentException("KlWarmup: warm-up steps must be ≥ 0, got " + warmupSteps);
    }

    /** No warm-up, β = 1: the plain ELBO. */
    public static KlWarmup none() {
        return new KlWarmup(1.0, 0);
    }

    /** The weight at step t ≥ 0 (counting from 0). */
    public double weight(long step) {
        if (warmupSteps == 0 || step >= warmupSteps) return beta;
        return beta * Math.max(0, step) / warmupSteps;
    }
}
