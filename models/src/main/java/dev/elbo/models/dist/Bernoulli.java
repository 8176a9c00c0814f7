package dev.elbo.models.dist;

import dev.elbo.autodiff.Tape;
import dev.elbo.autodiff.Tensor;
import dev.elbo.core.Kernels;
import dev.elbo.core.Rng;
import java.util.List;

/**
 * p(x|z) = Π_j Bernoulli(x_j; σ(l_j)) from the decoder's logits l (one per column):
 * log p(x|z) = Σ_j x_j·l_j − softplus(l_j), stable for any l. Grey levels x ∈ [0, 1] are
 * accepted (a cross-entropy; not a normalized density then).
 */
public final class Bernoulli implements Likelihood {
    /**
     * Data means are clamped to [c, 1 − c] before the logit in {@link #initFromData}, so a pixel
     * that is always 0 starts at logit(0.001) ≈ −6.9 rather than −∞.
     */
    public static final double MEAN_CLAMP = 1e-3;

    private final int dataDim;

    public Bernoulli(int dataDim) {
        if (dataDim <= 0) throw new IllegalArgumentException("bernoulli: data dimension must be positive, got " + dataDim);
        this.dataDim = dataDim;
    }

    @Override
    public int dataDim() {
        return dataDim;
    }

    @Override
    public int decoderOutputs() {
        return dataDim;
    }

    @Override
    public Tensor logProb(Tape tape, Tensor logits, Tensor x) {
        return tape.bernoulliLogLik(logits, x);
    }

    /** σ(l) for every logit. */
    @Override
    public void mean(double[] logits, int rows, double[] out) {
        Dists.checkArrays("bernoulli.mean", logits, rows, dataDim, out, dataDim);
        for (int i = 0; i < rows * dataDim; i++) out[i] = Kernels.sigmoid(logits[i]);
    }

    /** 1 with probability σ(l), else 0, one uniform draw per entry in row-major order. */
    @Override
    public void sample(double[] logits, int rows, Rng rng, double[] out) {
        Dists.checkArrays("bernoulli.sample", logits, rows, dataDim, out, dataDim);
        for (int i = 0; i < rows * dataDim; i++) out[i] = rng.nextDouble() < Kernels.sigmoid(logits[i]) ? 1.0 : 0.0;
    }

    @Override
    public List<Tensor> parameters() {
        return List.of();
    }

    /**
     * Output bias b_j = logit(m_j) = log(m_j / (1 − m_j)), m_j the mean of column j clamped to
     * [{@value #MEAN_CLAMP}, 1 − {@value #MEAN_CLAMP}]: with the decoder's last weights near 0,
     * p(x|z) starts at the independent-pixel model of the data. Data must lie in [0, 1].
     */
    @Override
    public void initFromData(Tensor outputBias, double[] data, int rows) {
        Dists.checkBias("bernoulli", outputBias, dataDim);
        for (int i = 0; i < rows * dataDim; i++) {
            double v = data[i];
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("bernoulli: data must lie in [0, 1], got " + v + " at row " + i / dataDim
                        + ", column " + i % dataDim);
            }
        }
        double[] mean = Dists.columnMeans(data, rows, dataDim);
        double[] b = outputBias.value();
        for (int j = 0; j < dataDim; j++) {
            double m = Math.min(1 - MEAN_CLAMP, Math.max(MEAN_CLAMP, mean[j]));
            b[j] = Math.log(m / (1 - m));
        }
    }

    @Override
    public LikelihoodSpec spec() {
        return LikelihoodSpec.bernoulli();
    }
}
