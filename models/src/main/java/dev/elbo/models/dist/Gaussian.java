package dev.elbo.models.dist;

import dev.elbo.autodiff.Tape;
import dev.elbo.autodiff.Tensor;
import dev.elbo.core.Rng;
import dev.elbo.models.dist.LikelihoodSpec.GaussianVariance;
import java.util.List;

/**
 * p(x|z) = N(x; m, diag σ²) with the mean m given by the decoder (D outputs):
 * log p(x|z) = −½ Σ_j (log 2π + log σ_j² + (x_j − m_j)²/σ_j²). The variance is one of
 * <ul>
 *   <li>{@link GaussianVariance#FEATURE}: a learned log σ² per column, the parameter
 *       {@code likelihood.logVar} (1 × D), the same for every example;</li>
 *   <li>{@link GaussianVariance#EXAMPLE}: a log σ² per example, the decoder's extra output
 *       column D (so it has D + 1 outputs), shared by the columns of that example;</li>
 *   <li>{@link GaussianVariance#FIXED}: a given σ², not learned (with a linear decoder this is
 *       probabilistic PCA, whose evidence is known in closed form).</li>
 * </ul>
 * A learned variance can shrink without bound on a column the decoder fits exactly (a constant
 * pixel): the likelihood then grows without bound. Standardize such data or fix the variance.
 */
public final class Gaussian implements Likelihood {
    /** The smallest variance {@link #initFromData} starts from (for constant columns). */
    public static final double VARIANCE_FLOOR = 1e-6;
    /** Name of the per-feature log-variance parameter. */
    public static final String LOG_VAR_NAME = "likelihood.logVar";

    private final int dataDim;
    private final GaussianVariance mode;
    private final double fixedVariance;
    /** FEATURE: the 1 × D parameter; FIXED: a 1 × 1 constant; EXAMPLE: null. */
    private final Tensor logVar;

    public Gaussian(int dataDim, GaussianVariance mode, double fixedVariance) {
        if (dataDim <= 0) throw new IllegalArgumentException("gaussian: data dimension must be positive, got " + dataDim);
        this.dataDim = dataDim;
        this.mode = mode;
        switch (mode) {
            case FEATURE:
                this.fixedVariance = 0;
                logVar = Tensor.parameter(LOG_VAR_NAME, 1, dataDim); // σ² = 1 until initFromData
                break;
            case EXAMPLE:
                this.fixedVariance = 0;
                logVar = null;
                break;
            case FIXED:
                if (!(fixedVariance > 0 && fixedVariance < Double.POSITIVE_INFINITY)) {
                    throw new IllegalArgumentException("gaussian: fixed variance must be positive and finite, got " + fixedVariance);
                }
                this.fixedVariance = fixedVariance;
                logVar = Tensor.constant("likelihood.fixedLogVar", 1, 1, new double[] {Math.log(fixedVariance)});
                break;
            default:
                throw new AssertionError(mode);
        }
    }

    public GaussianVariance varianceMode() {
        return mode;
    }

    @Override
    public int dataDim() {
        return dataDim;
    }

    @Override
    public int decoderOutputs() {
        return mode == GaussianVariance.EXAMPLE ? dataDim + 1 : dataDim;
    }

    @Override
    public Tensor logProb(Tape tape, Tensor decoderOutput, Tensor x) {
        if (mode != GaussianVariance.EXAMPLE) return tape.gaussianLogDensity(x, decoderOutput, logVar);
        Tensor mean = tape.sliceCols(decoderOutput, 0, dataDim);                 // r × D
        Tensor exampleLogVar = tape.sliceCols(decoderOutput, dataDim, dataDim + 1); // r × 1, broadcast over columns
        return tape.gaussianLogDensity(x, mean, exampleLogVar);
    }

    /** The decoder's mean columns. */
    @Override
    public void mean(double[] decoderOutput, int rows, double[] out) {
        int outputs = decoderOutputs();
        Dists.checkArrays("gaussian.mean", decoderOutput, rows, outputs, out, dataDim);
        for (int i = 0; i < rows; i++) System.arraycopy(decoderOutput, i * outputs, out, i * dataDim, dataDim);
    }

    /** m + σ·ξ with ξ ~ N(0, 1), one normal per entry in row-major order. */
    @Override
    public void sample(double[] decoderOutput, int rows, Rng rng, double[] out) {
        int outputs = decoderOutputs();
        Dists.checkArrays("gaussian.sample", decoderOutput, rows, outputs, out, dataDim);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < dataDim; j++) {
                double v = mode == GaussianVariance.EXAMPLE ? decoderOutput[i * outputs + dataDim]
                        : mode == GaussianVariance.FEATURE ? logVar.value()[j] : logVar.value()[0];
                out[i * dataDim + j] = decoderOutput[i * outputs + j] + Math.exp(0.5 * v) * rng.nextNormal();
            }
        }
    }

    /** [likelihood.logVar] for a per-feature variance, else empty. */
    @Override
    public List<Tensor> parameters() {
        return mode == GaussianVariance.FEATURE ? List.of(logVar) : List.of();
    }

    /**
     * Mean bias = the column means; a learned variance starts at the data's: per feature
     * log σ_j² = log var_j, per example the extra output's bias = log of the average column
     * variance (each floored at {@value #VARIANCE_FLOOR}). Data must be finite.
     */
    @Override
    public void initFromData(Tensor outputBias, double[] data, int rows) {
        Dists.checkBias("gaussian", outputBias, decoderOutputs());
        Dists.checkData("gaussian", data, rows, dataDim);
        for (int i = 0; i < rows * dataDim; i++) {
            if (!Double.isFinite(data[i])) {
                throw new IllegalArgumentException("gaussian: data must be finite, got " + data[i] + " at row " + i / dataDim
                        + ", column " + i % dataDim);
            }
        }
        double[] mean = Dists.columnMeans(data, rows, dataDim);
        double[] var = Dists.columnVariances(data, rows, dataDim, mean);
        double[] b = outputBias.value();
        System.arraycopy(mean, 0, b, 0, dataDim);
        if (mode == GaussianVariance.FEATURE) {
            for (int j = 0; j < dataDim; j++) logVar.value()[j] = Math.log(Math.max(VARIANCE_FLOOR, var[j]));
        } else if (mode == GaussianVariance.EXAMPLE) {
            double average = 0;
            for (double v : var) average += v;
            b[dataDim] = Math.log(Math.max(VARIANCE_FLOOR, average / dataDim));
        }
    }

    @Override
    public LikelihoodSpec spec() {
        return mode == GaussianVariance.FIXED ? LikelihoodSpec.gaussianFixed(fixedVariance) : LikelihoodSpec.gaussian(mode);
    }
}
