package dev.elbo.models.dist;

import dev.elbo.autodiff.Tape;
import dev.elbo.autodiff.Tensor;
import java.util.Arrays;

/**
 * The approximate posterior q(z|x) = N(μ, diag σ²) of a minibatch: one Gaussian per example,
 * given by two n × L tensors μ and log σ² recorded on a tape (the encoder's two heads).
 *
 * <p>A mutable holder: an estimator keeps one and {@link #set} refills it every step, so a
 * training step allocates nothing. Its tensors are valid until the tape's next reset.
 *
 * <p>Samples use the reparameterization z = μ + σ ⊙ ε with ε ~ N(0, I) a constant (drawn
 * outside the tape), so z is a differentiable function of μ and log σ². K samples per example
 * are consecutive rows: row i·K + s of ε, z (and of everything computed from z) is sample s of
 * example i.
 */
public final class DiagonalGaussian {
    private Tensor mu;
    private Tensor logVar;

    /** Sets the parameters: μ and log σ², both n × L. Returns this. */
    public DiagonalGaussian set(Tensor mu, Tensor logVar) {
        if (mu.rows() != logVar.rows() || mu.cols() != logVar.cols()) {
            throw new IllegalArgumentException("DiagonalGaussian: μ and log σ² must have the same shape: μ is "
                    + mu.shape() + ", log σ² is " + logVar.shape());
        }
        this.mu = mu;
        this.logVar = logVar;
        return this;
    }

    /** μ, n × L. */
    public Tensor mu() {
        return mu;
    }

    /** log σ², n × L. */
    public Tensor logVar() {
        return logVar;
    }

    /** n, the number of examples (one Gaussian each). */
    public int rows() {
        return mu.rows();
    }

    /** L, the latent dimension. */
    public int dim() {
        return mu.cols();
    }

    /**
     * The reparameterized samples z = μ + σ ⊙ ε, σ = exp(½ log σ²): ε is (n·K) × L, the
     * result too, row i·K + s using example i's μ and σ.
     */
    public Tensor sample(Tape tape, Tensor eps, int k) {
        requireNoise("sample", eps, k);
        Tensor sigma = tape.exp(tape.scale(logVar, 0.5));
        Tensor m = k == 1 ? mu : tape.repeatRows(mu, k);
        Tensor s = k == 1 ? sigma : tape.repeatRows(sigma, k);
        return tape.add(m, tape.mul(s, eps));
    }

    /**
     * log q(z|x) at the samples z = μ + σ ⊙ ε made by {@link #sample} from the same ε, (n·K) × 1:
     * <pre>
     *   log q(z|x) = log N(ε; 0, I) − Σ_j log σ_j = −½ Σ_j (log 2π + ε_j² + log σ_j²)
     * </pre>
     * the change of variables z ↦ ε (the Jacobian of z = μ + σ ⊙ ε is diag σ). This is the
     * Gaussian density at z exactly — (z − μ)/σ = ε — and its gradient is the full derivative
     * along the reparameterized path: the dependence through z and the direct dependence on μ
     * cancel exactly (∂/∂μ = 0), and those on log σ² add up to −½. So it equals
     * {@link #logDensity logDensity(z)} differentiated through z too, without the rounding of
     * (z − μ)²/σ² and without an (n·K) × L pass in backward.
     */
    public Tensor logDensityAtSample(Tape tape, Tensor eps, int k) {
        requireNoise("logDensityAtSample", eps, k);
        Tensor logNoise = tape.stdNormalLogDensity(eps);                 // constant: ε takes no gradient
        Tensor halfLogDet = tape.scale(tape.sumRows(logVar), 0.5);       // Σ_j log σ_j, n × 1
        return tape.sub(logNoise, k == 1 ? halfLogDet : tape.repeatRows(halfLogDet, k));
    }

    /**
     * log q(z|x) = −½ Σ_j (log 2π + log σ_j² + (z_j − μ_j)²/σ_j²) at any points z ((n·K) × L,
     * row i·K + s scored under example i's Gaussian) → (n·K) × 1. Gradients flow to z, μ and
     * log σ².
     */
    public Tensor logDensity(Tape tape, Tensor z, int k) {
        requireNoise("logDensity", z, k);
        Tensor m = k == 1 ? mu : tape.repeatRows(mu, k);
        Tensor v = k == 1 ? logVar : tape.repeatRows(logVar, k);
        return tape.gaussianLogDensity(z, m, v);
    }

    /**
     * KL(q(z|x) ‖ N(0, I)) = ½ Σ_j (μ_j² + σ_j² − 1 − log σ_j²) per example, analytic, n × 1.
     */
    public Tensor klToStandardNormal(Tape tape) {
        return tape.klStdNormal(mu, logVar);
    }

    /**
     * The analytic KL of each latent dimension averaged over the n examples,
     * out[j] = (1/n) Σ_i ½ (μ_ij² + σ_ij² − 1 − log σ_ij²), from the current values (no tape).
     * Dimensions near 0 are unused by the model ("inactive", collapsed to the prior).
     */
    public void klPerDimension(double[] out) {
        int n = rows(), l = dim();
        if (out.length < l) {
            throw new IllegalArgumentException("klPerDimension: output of length " + out.length + " for " + l + " dimensions");
        }
        double[] m = mu.value(), v = logVar.value();
        Arrays.fill(out, 0, l, 0.0);
        for (int i = 0; i < n; i++) {
            int row = i * l;
            for (int j = 0; j < l; j++) {
                double mj = m[row + j], vj = v[row + j];
                out[j] += mj * mj + Math.expm1(vj) - vj;
            }
        }
        double scale = 0.5 / n;
        for (int j = 0; j < l; j++) out[j] *= scale;
    }

    private void requireNoise(String op, Tensor eps, int k) {
        if (mu == null) throw new IllegalStateException("DiagonalGaussian." + op + ": set(μ, log σ²) first");
        if (k <= 0) throw new IllegalArgumentException("DiagonalGaussian." + op + ": samples per example must be positive, got " + k);
        if (eps.rows() != mu.rows() * k || eps.cols() != mu.cols()) {
            throw new IllegalArgumentException("DiagonalGaussian." + op + ": expected " + (mu.rows() * k) + "×" + mu.cols()
                    + " (n·K × L with n = " + mu.rows() + ", K = " + k + "), got " + eps.shape());
        }
    }
}
