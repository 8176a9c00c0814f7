package dev.elbo.models.vae;

import dev.elbo.core.Rng;
import dev.elbo.models.dist.LikelihoodSpec;
import dev.elbo.models.nn.Activation;
import java.util.List;

/**
 * Probabilistic PCA as a VAE: p(z) = N(0, I), p(x|z) = N(W z + b, σ² I) (a linear decoder, no
 * hidden layer, fixed variance), and a linear Gaussian encoder. Everything about it is known
 * in closed form, computed here with plain loops independently of the model code:
 * <pre>
 *   p(x)   = N(x; b, W Wᵀ + σ² I)
 *   p(z|x) = N(M⁻¹ Wᵀ (x − b), σ² M⁻¹),   M = Wᵀ W + σ² I
 * </pre>
 * W is D × L in column form (x = W z + b); the decoder layer stores Wᵀ (L × D, rows are inputs).
 */
final class LinearGaussian {
    final int d, l;
    final double sigma2;
    final double[][] w;
    final double[] b;
    final Vae vae;

    LinearGaussian(double[][] w, double[] b, double sigma2) {
        this.d = w.length;
        this.l = w[0].length;
        this.w = w;
        this.b = b;
        this.sigma2 = sigma2;
        VaeSpec spec = new VaeSpec(d, List.of(), l, List.of(), Activation.IDENTITY, LikelihoodSpec.gaussianFixed(sigma2));
        vae = new Vae(spec, new Rng(0));
        double[] wd = vae.parameter("decoder.dense0.w").value();
        for (int j = 0; j < l; j++) for (int i = 0; i < d; i++) wd[j * d + i] = w[i][j];
        System.arraycopy(b, 0, vae.parameter("decoder.dense0.b").value(), 0, d);
    }

    /**
     * A model with random b and W: orthogonal columns of random lengths (a diagonal posterior
     * covariance), plus {@code mixing}-sized random entries (0: exactly orthogonal; more: a
     * correlated posterior, which a diagonal q cannot match).
     */
    static LinearGaussian random(Rng rng, int d, int l, double sigma2, double mixing) {
        double[][] w = new double[d][l];
        for (int i = 0; i < d; i++) for (int j = 0; j < l; j++) w[i][j] = rng.nextNormal();
        {
            for (int j = 0; j < l; j++) { // Gram–Schmidt, then a distinct length per column
                for (int p = 0; p < j; p++) {
                    double dot = 0, norm = 0;
                    for (int i = 0; i < d; i++) {
                        dot += w[i][j] * w[i][p];
                        norm += w[i][p] * w[i][p];
                    }
                    for (int i = 0; i < d; i++) w[i][j] -= dot / norm * w[i][p];
                }
                double norm = 0;
                for (int i = 0; i < d; i++) norm += w[i][j] * w[i][j];
                double length = 0.5 + 1.5 * rng.nextDouble();
                for (int i = 0; i < d; i++) w[i][j] *= length / Math.sqrt(norm);
            }
        }
        for (int i = 0; i < d; i++) for (int j = 0; j < l; j++) w[i][j] += mixing * rng.nextNormal();
        double[] b = new double[d];
        for (int i = 0; i < d; i++) b[i] = rng.nextNormal();
        return new LinearGaussian(w, b, sigma2);
    }

    /** n rows drawn from the model, row-major n × D. */
    double[] data(Rng rng, int n) {
        double[] x = new double[n * d];
        for (int r = 0; r < n; r++) {
            double[] z = new double[l];
            for (int j = 0; j < l; j++) z[j] = rng.nextNormal();
            for (int i = 0; i < d; i++) {
                double s = b[i] + Math.sqrt(sigma2) * rng.nextNormal();
                for (int j = 0; j < l; j++) s += w[i][j] * z[j];
                x[r * d + i] = s;
            }
        }
        return x;
    }

    static double[] row(double[] x, int r, int cols) {
        double[] out = new double[cols];
        System.arraycopy(x, r * cols, out, 0, cols);
        return out;
    }

    // ------------------------------------------------------------------ closed forms

    /** log p(x) = log N(x; b, W Wᵀ + σ² I). */
    double logEvidence(double[] x) {
        double[][] c = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < d; k++) {
                double s = i == k ? sigma2 : 0;
                for (int j = 0; j < l; j++) s += w[i][j] * w[k][j];
                c[i][k] = s;
            }
        }
        return Linalg.logNormal(x, b, c);
    }

    /** M = Wᵀ W + σ² I. */
    double[][] m() {
        double[][] m = new double[l][l];
        for (int j = 0; j < l; j++) {
            for (int p = 0; p < l; p++) {
                double s = j == p ? sigma2 : 0;
                for (int i = 0; i < d; i++) s += w[i][j] * w[i][p];
                m[j][p] = s;
            }
        }
        return m;
    }

    double[] posteriorMean(double[] x) {
        double[] r = new double[l];
        for (int j = 0; j < l; j++) for (int i = 0; i < d; i++) r[j] += w[i][j] * (x[i] - b[i]);
        return Linalg.solve(m(), r);
    }

    double[][] posteriorCovariance() {
        double[][] inv = Linalg.inverse(m());
        for (double[] row : inv) for (int j = 0; j < l; j++) row[j] *= sigma2;
        return inv;
    }

    // ------------------------------------------------------------------ the encoder

    /**
     * Sets the linear encoder: μ(x) = x·A + a and log σ²(x) = x·V + v, A and V D × L (the
     * encoder layer's weights are [A | V], D × 2L).
     */
    void setEncoder(double[][] a, double[] aBias, double[][] v, double[] vBias) {
        double[] we = vae.parameter("encoder.dense0.w").value(), be = vae.parameter("encoder.dense0.b").value();
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < l; j++) {
                we[i * 2 * l + j] = a[i][j];
                we[i * 2 * l + l + j] = v[i][j];
            }
        }
        for (int j = 0; j < l; j++) {
            be[j] = aBias[j];
            be[l + j] = vBias[j];
        }
    }

    /**
     * The encoder of the posterior mean map μ(x) = (x − b)ᵀ W M⁻¹ and log σ² = log diag(σ² M⁻¹)
     * (exact when W has orthogonal columns), then perturbed: the mean by about
     * {@code noise} posterior standard deviations, the log-variance by about {@code noise}
     * (0: unperturbed).
     */
    void setPosteriorEncoder(Rng rng, double noise) {
        double[][] mInv = Linalg.inverse(m());
        double[][] a = new double[d][l], v = new double[d][l];
        double[] aBias = new double[l], vBias = new double[l];
        for (int j = 0; j < l; j++) {
            double sd = Math.sqrt(sigma2 * mInv[j][j]);
            for (int i = 0; i < d; i++) {
                double s = 0;
                for (int p = 0; p < l; p++) s += w[i][p] * mInv[p][j];
                a[i][j] = s + noise * sd * 0.3 * rng.nextNormal();
                v[i][j] = noise * 0.1 * rng.nextNormal();
            }
            double s = 0;
            for (int i = 0; i < d; i++) s += b[i] * a[i][j];
            aBias[j] = -s + noise * sd * rng.nextNormal();
            vBias[j] = Math.log(sd * sd) + noise * rng.nextNormal();
        }
        setEncoder(a, aBias, v, vBias);
    }

    /** q's mean for x, from the encoder weights (plain loops). */
    double[] qMean(double[] x) {
        return encoderHead(x, 0);
    }

    /** q's log-variances for x. */
    double[] qLogVar(double[] x) {
        return encoderHead(x, l);
    }

    private double[] encoderHead(double[] x, int offset) {
        double[] we = vae.parameter("encoder.dense0.w").value(), be = vae.parameter("encoder.dense0.b").value();
        double[] out = new double[l];
        for (int j = 0; j < l; j++) {
            double s = be[offset + j];
            for (int i = 0; i < d; i++) s += x[i] * we[i * 2 * l + offset + j];
            out[j] = s;
        }
        return out;
    }

    /** KL(q(z|x) ‖ p(z|x)) between the diagonal q and the full-covariance posterior. */
    double klToPosterior(double[] x) {
        double[] mq = qMean(x), vq = qLogVar(x), mp = posteriorMean(x);
        double[][] sp = posteriorCovariance(), spInv = Linalg.inverse(sp);
        double trace = 0, quad = 0, logDetQ = 0;
        for (int j = 0; j < l; j++) {
            trace += spInv[j][j] * Math.exp(vq[j]);
            logDetQ += vq[j];
            for (int p = 0; p < l; p++) quad += (mp[j] - mq[j]) * spInv[j][p] * (mp[p] - mq[p]);
        }
        return 0.5 * (trace + quad - l + Linalg.logDet(sp) - logDetQ);
    }

    /** log p(x|z) + log p(z) − log q(z|x) at z = μ + σ ⊙ ε, from the formulas. */
    double logWeight(double[] x, double[] eps, int epsOffset) {
        return logLikelihood(x, eps, epsOffset) + logPrior(x, eps, epsOffset) - logQ(x, eps, epsOffset);
    }

    double[] z(double[] x, double[] eps, int off) {
        double[] m = qMean(x), v = qLogVar(x), z = new double[l];
        for (int j = 0; j < l; j++) z[j] = m[j] + Math.exp(0.5 * v[j]) * eps[off + j];
        return z;
    }

    double logLikelihood(double[] x, double[] eps, int off) {
        double[] z = z(x, eps, off);
        double s = 0;
        for (int i = 0; i < d; i++) {
            double mean = b[i];
            for (int j = 0; j < l; j++) mean += w[i][j] * z[j];
            s += -0.5 * (Math.log(2 * Math.PI * sigma2) + (x[i] - mean) * (x[i] - mean) / sigma2);
        }
        return s;
    }

    double logPrior(double[] x, double[] eps, int off) {
        double[] z = z(x, eps, off);
        double s = 0;
        for (int j = 0; j < l; j++) s += -0.5 * (Math.log(2 * Math.PI) + z[j] * z[j]);
        return s;
    }

    double logQ(double[] x, double[] eps, int off) {
        double[] z = z(x, eps, off), m = qMean(x), v = qLogVar(x);
        double s = 0;
        for (int j = 0; j < l; j++) {
            double dz = z[j] - m[j];
            s += -0.5 * (Math.log(2 * Math.PI) + v[j] + dz * dz / Math.exp(v[j]));
        }
        return s;
    }

    /** KL(q(z|x) ‖ N(0, I)) in closed form. */
    double klToPrior(double[] x) {
        double[] m = qMean(x), v = qLogVar(x);
        double s = 0;
        for (int j = 0; j < l; j++) s += 0.5 * (m[j] * m[j] + Math.exp(v[j]) - 1 - v[j]);
        return s;
    }
}
