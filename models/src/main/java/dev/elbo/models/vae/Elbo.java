package dev.elbo.models.vae;

import dev.elbo.autodiff.Tape;
import dev.elbo.autodiff.Tensor;
import dev.elbo.core.Rng;
import dev.elbo.models.dist.DiagonalGaussian;
import dev.elbo.models.dist.StandardNormal;
import java.util.List;

/**
 * The evidence lower bound, in the lecture's notation (encoder Q_ψ, decoder P_φ, prior P):
 * <pre>
 *   log P_φ(x) ≥ ELBO(x) = E_{z ~ Q_ψ(z|x)} [ log P_φ(x|z) + log P(z) − log Q_ψ(z|x) ]
 *                        = E_{z ~ Q_ψ(z|x)} [ log P_φ(x|z) ] − KL( Q_ψ(z|x) ‖ P(z) )
 * </pre>
 * (the lecture's loss is its negative, E_Q log(Q_ψ(z|x)/P(z)) − log P_φ(x|z)). Per example,
 * with K reparameterized samples z_k = μ(x) + σ(x) ⊙ ε_k, ε_k ~ N(0, I):
 * <pre>
 *   analytic KL:    ELBÔ(x) = (1/K) Σ_k log P_φ(x|z_k) − ½ Σ_j (μ_j² + σ_j² − 1 − log σ_j²)
 *   Monte Carlo KL: ELBÔ(x) = (1/K) Σ_k [ log P_φ(x|z_k) + log P(z_k) − log Q_ψ(z_k|x) ]
 * </pre>
 * Both are unbiased for ELBO(x); the analytic KL has lower variance. The training loss is
 * −(1/n) Σ_i [ rec_i − β·KL_i ] over the minibatch, β = {@code klWeight} (β-VAE weight times
 * the warm-up factor); the bound reported in {@link BoundTerms} is always the plain β = 1 one.
 */
public final class Elbo implements Objective {

    /** How the KL term is estimated. */
    public enum KlEstimator {
        /** Closed form for two Gaussians: exact, no sampling noise. */
        ANALYTIC,
        /** (1/K) Σ_k log Q_ψ(z_k|x) − log P(z_k) at the same samples as the reconstruction. */
        MONTE_CARLO
    }

    private final Vae vae;
    private final int samples;
    private final KlEstimator klEstimator;
    private final DiagonalGaussian posterior = new DiagonalGaussian();
    // The per-example terms of the last recording, n × 1 tape tensors.
    private Tensor reconstruction;
    private Tensor kl;

    /** The ELBO with K = {@code samples} samples per example and the given KL estimator. */
    public Elbo(Vae vae, int samples, KlEstimator klEstimator) {
        if (samples <= 0) throw new IllegalArgumentException("Elbo: samples per example must be positive, got " + samples);
        this.vae = vae;
        this.samples = samples;
        this.klEstimator = klEstimator;
    }

    /** One sample per example, analytic KL: the standard VAE objective. */
    public Elbo(Vae vae) {
        this(vae, 1, KlEstimator.ANALYTIC);
    }

    public int samples() {
        return samples;
    }

    public KlEstimator klEstimator() {
        return klEstimator;
    }

    @Override
    public Tensor loss(Tape tape, Tensor x, Rng rng, double klWeight, BoundTerms terms) {
        Tensor objective = perExample(tape, x, rng, klWeight);
        if (terms != null) report(terms);
        return tape.neg(tape.mean(objective));
    }

    /**
     * Records the per-example objective rec_i − β·KL_i (n × 1; the ELBO itself for β = 1). The
     * two terms stay available through {@link #reconstruction()} and {@link #kl()} until the
     * tape's next reset.
     */
    public Tensor perExample(Tape tape, Tensor x, Rng rng, double klWeight) {
        Samples.checkX("Elbo", x, vae.inputDim());
        int n = x.rows(), k = samples;
        DiagonalGaussian q = vae.encode(tape, x, posterior);                 // Q_ψ(z|x) = N(μ, diag σ²)
        Tensor eps = Samples.noise(tape, rng, n * k, q.dim());                // ε ~ N(0, I)
        Tensor z = q.sample(tape, eps, k);                                     // z = μ + σ ⊙ ε, (n·K) × L
        Tensor logPxGivenZ = vae.logLikelihood(tape, z, Samples.perSample(tape, x, k)); // log P_φ(x|z_k)
        reconstruction = Samples.meanOverSamples(tape, logPxGivenZ, n, k);    // (1/K) Σ_k log P_φ(x|z_k)
        if (klEstimator == KlEstimator.ANALYTIC) {
            kl = q.klToStandardNormal(tape);                                   // KL(Q_ψ(z|x) ‖ P(z))
        } else {
            Tensor logQ = q.logDensityAtSample(tape, eps, k);                 // log Q_ψ(z_k|x)
            Tensor logP = StandardNormal.logDensity(tape, z);                  // log P(z_k)
            kl = Samples.meanOverSamples(tape, tape.sub(logQ, logP), n, k);
        }
        return tape.sub(reconstruction, tape.scale(kl, klWeight));
    }

    /**
     * The ELBO of each row of x for evaluation (best on a tape with gradients off): fills
     * bound[i] = rec_i − KL_i, and reconstruction[i], kl[i] when those arrays are non-null.
     */
    public void perExample(Tape tape, Tensor x, Rng rng, double[] bound, double[] reconstruction, double[] kl) {
        int n = x.rows();
        Samples.checkOut("Elbo.perExample", bound, n);
        Samples.checkOut("Elbo.perExample", reconstruction, n);
        Samples.checkOut("Elbo.perExample", kl, n);
        Tensor b = perExample(tape, x, rng, 1.0);
        System.arraycopy(b.value(), 0, bound, 0, n);
        if (reconstruction != null) System.arraycopy(this.reconstruction.value(), 0, reconstruction, 0, n);
        if (kl != null) System.arraycopy(this.kl.value(), 0, kl, 0, n);
    }

    /** (1/K) Σ_k log P_φ(x|z_k) per example (n × 1) from the last recording. */
    public Tensor reconstruction() {
        return reconstruction;
    }

    /** The KL estimate per example (n × 1) from the last recording. */
    public Tensor kl() {
        return kl;
    }

    /** The posterior of the last recording (valid until the tape's next reset). */
    public DiagonalGaussian posterior() {
        return posterior;
    }

    private void report(BoundTerms terms) {
        terms.reconstruction = Samples.mean(reconstruction);
        terms.kl = Samples.mean(kl);
        terms.bound = terms.reconstruction - terms.kl;
        if (terms.klPerDimension.length != posterior.dim()) terms.klPerDimension = new double[posterior.dim()];
        posterior.klPerDimension(terms.klPerDimension);
    }

    @Override
    public List<Tensor> parameters() {
        return vae.parameters();
    }
}
