package dev.elbo.models.vae;

import dev.elbo.autodiff.Tape;
import dev.elbo.autodiff.Tensor;
import dev.elbo.core.Rng;
import dev.elbo.models.dist.DiagonalGaussian;
import dev.elbo.models.dist.StandardNormal;
import java.util.List;

/**
 * The importance-weighted bound (Burda, Grosse and Salakhutdinov 2016): the lecture's
 * identity P_φ(x) = E_{z ~ Q_ψ(z|x)} [ P_φ(x|z)·P(z) / Q_ψ(z|x) ] estimated with k samples
 * inside the logarithm,
 * <pre>
 *   IWAE_k(x) = E_{z_1..z_k ~ Q_ψ(z|x)} [ log (1/k) Σ_i w_i ],   w_i = P_φ(x|z_i)·P(z_i) / Q_ψ(z_i|x)
 * </pre>
 * computed per example as logsumexp_i(log w_i) − log k. By Jensen's inequality
 * ELBO = IWAE_1 ≤ IWAE_k ≤ IWAE_{k+1} ≤ log P_φ(x), and IWAE_k → log P_φ(x) as k → ∞.
 *
 * <p>As a training loss: −(1/n) Σ_i IWAE_k(x_i). A KL weight β ≠ 1 (warm-up) scales the prior
 * and posterior terms inside each weight, log w_i = log P_φ(x|z_i) + β·(log P(z_i) − log Q_ψ(z_i|x)),
 * which for k = 1 is the β-weighted ELBO with a Monte Carlo KL. {@link BoundTerms} reports the
 * β = 1 bound, the mean log P_φ(x|z) and the mean log Q_ψ − log P of the samples.
 */
public final class Iwae implements Objective {
    private final Vae vae;
    private final int k;
    private final DiagonalGaussian posterior = new DiagonalGaussian();
    // The per-sample terms of the last recording, (n·k) × 1.
    private Tensor logPxGivenZ;
    private Tensor logPz;
    private Tensor logQz;

    public Iwae(Vae vae, int k) {
        if (k <= 0) throw new IllegalArgumentException("Iwae: k must be positive, got " + k);
        this.vae = vae;
        this.k = k;
    }

    public int samples() {
        return k;
    }

    @Override
    public Tensor loss(Tape tape, Tensor x, Rng rng, double klWeight, BoundTerms terms) {
        Tensor bound = perExample(tape, x, rng, klWeight);
        if (terms != null) report(terms, x.rows());
        return tape.neg(tape.mean(bound));
    }

    /** Records IWAE_k per example (n × 1), with the weights' prior/posterior terms scaled by klWeight. */
    public Tensor perExample(Tape tape, Tensor x, Rng rng, double klWeight) {
        Samples.checkX("Iwae", x, vae.inputDim());
        int n = x.rows();
        DiagonalGaussian q = vae.encode(tape, x, posterior);                   // Q_ψ(z|x)
        Tensor eps = Samples.noise(tape, rng, n * k, q.dim());                  // ε ~ N(0, I)
        Tensor z = q.sample(tape, eps, k);                                       // z_i = μ + σ ⊙ ε_i
        logPxGivenZ = vae.logLikelihood(tape, z, Samples.perSample(tape, x, k)); // log P_φ(x|z_i)
        logPz = StandardNormal.logDensity(tape, z);                              // log P(z_i)
        logQz = q.logDensityAtSample(tape, eps, k);                              // log Q_ψ(z_i|x)
        Tensor logW = tape.add(logPxGivenZ, tape.scale(tape.sub(logPz, logQz), klWeight)); // log w_i, (n·k) × 1
        return tape.addScalar(tape.logSumExpRows(tape.reshape(logW, n, k)), -Math.log(k));
    }

    /** IWAE_k of each row of x for evaluation (best on a tape with gradients off) into bound[0, n). */
    public void perExample(Tape tape, Tensor x, Rng rng, double[] bound) {
        Samples.checkOut("Iwae.perExample", bound, x.rows());
        Tensor b = perExample(tape, x, rng, 1.0);
        System.arraycopy(b.value(), 0, bound, 0, x.rows());
    }

    /** The posterior of the last recording (valid until the tape's next reset). */
    public DiagonalGaussian posterior() {
        return posterior;
    }

    /** The β = 1 bound recomputed from the per-sample terms, and the sample means of its parts. */
    private void report(BoundTerms terms, int n) {
        double[] px = logPxGivenZ.value(), pz = logPz.value(), qz = logQz.value();
        double bound = 0, rec = 0, kl = 0;
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int s = i * k; s < (i + 1) * k; s++) {
                max = Math.max(max, px[s] + pz[s] - qz[s]);
                rec += px[s];
                kl += qz[s] - pz[s];
            }
            double sum = 0;
            for (int s = i * k; s < (i + 1) * k; s++) sum += Math.exp(px[s] + pz[s] - qz[s] - max);
            bound += max + Math.log(sum / k);
        }
        terms.bound = bound / n;
        terms.reconstruction = rec / (n * k);
        terms.kl = kl / (n * k);
        if (terms.klPerDimension.length != posterior.dim()) terms.klPerDimension = new double[posterior.dim()];
        posterior.klPerDimension(terms.klPerDimension);
    }

    @Override
    public List<Tensor> parameters() {
        return vae.parameters();
    }
}
