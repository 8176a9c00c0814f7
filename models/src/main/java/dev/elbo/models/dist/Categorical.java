package dev.elbo.models.dist;

import dev.elbo.autodiff.Tape;
import dev.elbo.autodiff.Tensor;
import dev.elbo.core.Rng;
import java.util.List;

/**
 * p(x|z) = Π_p Categorical(x_p; softmax(l_p)) over P positions, each a symbol of an alphabet of
 * A (21 for amino acids with the gap). A row is P·A one-hot columns, position p at columns
 * [p·A, (p+1)·A); the decoder outputs one logit per column, grouped the same way:
 * log p(x|z) = Σ_p log softmax(l_p)[x_p]. A position whose A columns are all 0 (unknown
 * symbol) contributes nothing.
 */
public final class Categorical implements Likelihood {
    /**
     * Symbol frequencies are floored at this in {@link #initFromData}, so a symbol never seen at
     * a position starts at log(0.001) ≈ −6.9 rather than −∞.
     */
    public static final double FREQUENCY_FLOOR = 1e-3;

    private final int dataDim;
    private final int alphabetSize;

    public Categorical(int dataDim, int alphabetSize) {
        if (alphabetSize < 2) throw new IllegalArgumentException("categorical: alphabet size must be at least 2, got " + alphabetSize);
        if (dataDim <= 0 || dataDim % alphabetSize != 0) {
            throw new IllegalArgumentException("categorical: data dimension " + dataDim + " is not a positive multiple of the alphabet size "
                    + alphabetSize + " (positions × symbols one-hot columns)");
        }
        this.dataDim = dataDim;
        this.alphabetSize = alphabetSize;
    }

    /** A. */
    public int alphabetSize() {
        return alphabetSize;
    }

    /** P = D / A. */
    public int positions() {
        return dataDim / alphabetSize;
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
        return tape.categoricalLogLik(logits, x, alphabetSize);
    }

    /** softmax of each position's logits: the probability of each symbol. */
    @Override
    public void mean(double[] logits, int rows, double[] out) {
        Dists.checkArrays("categorical.mean", logits, rows, dataDim, out, dataDim);
        for (int g = 0; g < rows * positions(); g++) {
            int o = g * alphabetSize;
            double max = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < alphabetSize; a++) max = Math.max(max, logits[o + a]);
            double sum = 0;
            for (int a = 0; a < alphabetSize; a++) {
                out[o + a] = Math.exp(logits[o + a] - max);
                sum += out[o + a];
            }
            for (int a = 0; a < alphabetSize; a++) out[o + a] /= sum;
        }
    }

    /** One symbol per position drawn from softmax(l_p), written one-hot. */
    @Override
    public void sample(double[] logits, int rows, Rng rng, double[] out) {
        Dists.checkArrays("categorical.sample", logits, rows, dataDim, out, dataDim);
        for (int g = 0; g < rows * positions(); g++) {
            int o = g * alphabetSize;
            int symbol = rng.nextCategoricalLog(logits, o, alphabetSize);
            for (int a = 0; a < alphabetSize; a++) out[o + a] = a == symbol ? 1.0 : 0.0;
        }
    }

    @Override
    public List<Tensor> parameters() {
        return List.of();
    }

    /**
     * Output bias of symbol a at position p = log f_pa, the fraction of rows with symbol a at p
     * (floored at {@value #FREQUENCY_FLOOR}): softmax of the bias is then the per-position
     * symbol frequency. Data must be one-hot per position (or all 0 for an unknown symbol).
     */
    @Override
    public void initFromData(Tensor outputBias, double[] data, int rows) {
        Dists.checkBias("categorical", outputBias, dataDim);
        Dists.checkData("categorical", data, rows, dataDim);
        for (int g = 0; g < rows * positions(); g++) {
            double sum = 0;
            for (int a = 0; a < alphabetSize; a++) {
                double v = data[g * alphabetSize + a];
                if (v != 0 && v != 1) {
                    throw new IllegalArgumentException("categorical: data must be one-hot, got " + v + " at row " + g / positions()
                            + ", position " + g % positions() + ", symbol " + a);
                }
                sum += v;
            }
            if (sum > 1) {
                throw new IllegalArgumentException("categorical: data must be one-hot, got " + (int) sum + " symbols at row "
                        + g / positions() + ", position " + g % positions());
            }
        }
        double[] frequency = Dists.columnMeans(data, rows, dataDim);
        double[] b = outputBias.value();
        for (int j = 0; j < dataDim; j++) b[j] = Math.log(Math.max(FREQUENCY_FLOOR, frequency[j]));
    }

    @Override
    public LikelihoodSpec spec() {
        return LikelihoodSpec.categorical(alphabetSize);
    }
}
