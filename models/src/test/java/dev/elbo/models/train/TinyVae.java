package dev.elbo.models.train;

import dev.elbo.autodiff.Tape;
import dev.elbo.autodiff.Tensor;
import dev.elbo.core.Rng;
import dev.elbo.models.vae.BoundTerms;
import dev.elbo.models.vae.Objective;
import java.util.List;

/**
 * A small Bernoulli VAE written directly on the tape, so the trainer can be tested without the
 * vae package: encoder x → tanh(x·W₀ + b₀) → [μ, log σ²], one reparameterized sample
 * z = μ + exp(½ log σ²) ⊙ ε, linear decoder logits = z·W + b, and the ELBO
 * E_q[log p(x|z)] − KL(q ‖ N(0, I)) with the analytic KL. Steady-state steps allocate nothing.
 */
final class TinyVae implements Objective {
    final int dim;
    final int hidden;
    final int latent;
    final Tensor w0, b0, wMu, bMu, wLogVar, bLogVar, wDec, bDec;
    private final List<Tensor> parameters;
    private double[] klPerDimension = new double[0];

    TinyVae(int dim, int hidden, int latent, Rng init) {
        this.dim = dim;
        this.hidden = hidden;
        this.latent = latent;
        w0 = random("encoder.dense0.w", dim, hidden, init, 1 / Math.sqrt(dim));
        b0 = Tensor.parameter("encoder.dense0.b", 1, hidden);
        wMu = random("encoder.mu.w", hidden, latent, init, 1 / Math.sqrt(hidden));
        bMu = Tensor.parameter("encoder.mu.b", 1, latent);
        wLogVar = random("encoder.logVar.w", hidden, latent, init, 0.1 / Math.sqrt(hidden));
        bLogVar = Tensor.parameter("encoder.logVar.b", 1, latent);
        wDec = random("decoder.dense0.w", latent, dim, init, 1 / Math.sqrt(latent));
        bDec = Tensor.parameter("decoder.dense0.b", 1, dim);
        parameters = List.of(w0, b0, wMu, bMu, wLogVar, bLogVar, wDec, bDec);
    }

    private static Tensor random(String name, int rows, int cols, Rng rng, double scale) {
        Tensor t = Tensor.parameter(name, rows, cols);
        for (int i = 0; i < t.size(); i++) t.value()[i] = scale * rng.nextNormal();
        return t;
    }

    /** An opaque architecture string, as the vae package's spec would give. */
    String architecture() {
        return "{\"kind\":\"tiny\",\"dim\":" + dim + ",\"hidden\":" + hidden + ",\"latent\":" + latent + "}";
    }

    @Override
    public Tensor loss(Tape t, Tensor x, Rng rng, double klWeight, BoundTerms terms) {
        int n = x.rows();
        Tensor h = t.tanh(t.affine(x, w0, b0));
        Tensor mu = t.affine(h, wMu, bMu);
        Tensor logVar = t.affine(h, wLogVar, bLogVar);
        Tensor eps = t.scratch("eps", n, latent);
        rng.fillNormal(eps.value(), 0, n * latent);
        Tensor z = t.add(mu, t.mul(t.exp(t.scale(logVar, 0.5)), eps));
        Tensor logits = t.affine(z, wDec, bDec);
        Tensor rec = t.mean(t.bernoulliLogLik(logits, x));
        Tensor kl = t.mean(t.klStdNormal(mu, logVar));
        terms.reconstruction = rec.item();
        terms.kl = kl.item();
        terms.bound = terms.reconstruction - terms.kl;
        if (klPerDimension.length != latent) klPerDimension = new double[latent];
        java.util.Arrays.fill(klPerDimension, 0);
        double[] m = mu.value(), v = logVar.value();
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < latent; d++) {
                int k = i * latent + d;
                klPerDimension[d] += 0.5 * (m[k] * m[k] + Math.exp(v[k]) - 1 - v[k]) / n;
            }
        }
        terms.klPerDimension = klPerDimension;
        return t.neg(t.sub(rec, t.scale(kl, klWeight)));
    }

    @Override
    public List<Tensor> parameters() {
        return parameters;
    }

    /** A copy of every parameter's values, concatenated in order. */
    double[] flatParameters() {
        int total = 0;
        for (Tensor p : parameters) total += p.size();
        double[] out = new double[total];
        int at = 0;
        for (Tensor p : parameters) {
            System.arraycopy(p.value(), 0, out, at, p.size());
            at += p.size();
        }
        return out;
    }
}
