package dev.elbo.models.dist;

import dev.elbo.autodiff.Tape;
import dev.elbo.autodiff.Tensor;
import dev.elbo.core.Rng;
import java.util.List;

/**
 * The decoder's distribution p(x|z) over a data row of D columns, given the decoder network's
 * output for z (its "parameters": logits, a mean and maybe a log-variance).
 *
 * <p>{@link #logProb} is the autodiff node the bounds are built from; {@link #mean} and
 * {@link #sample} work on plain arrays, for pictures and for generating data.
 */
public interface Likelihood {

    /** D, the number of data columns. */
    int dataDim();

    /** Number of columns the decoder network must output (D, or D + 1 with a per-example variance). */
    int decoderOutputs();

    /**
     * log p(x|z) for each row: decoderOutput is r × {@link #decoderOutputs()}, x is r × D;
     * returns r × 1. Gradients flow into the decoder output and the likelihood's own parameters.
     */
    Tensor logProb(Tape tape, Tensor decoderOutput, Tensor x);

    /**
     * E[x|z] for each of {@code rows} decoder outputs (row-major, rows × decoderOutputs) into
     * out (rows × D): probabilities for Bernoulli and Categorical, the mean for Gaussian.
     */
    void mean(double[] decoderOutput, int rows, double[] out);

    /** One draw x ~ p(x|z) for each of {@code rows} decoder outputs into out (rows × D). */
    void sample(double[] decoderOutput, int rows, Rng rng, double[] out);

    /** Trainable parameters of the likelihood itself (a learned variance); empty if none. */
    List<Tensor> parameters();

    /**
     * Sets the starting point from the training data (rows × D, row-major): the decoder's
     * output bias (1 × decoderOutputs) so that p(x|z) starts at the data's marginal (e.g. the
     * logit of each pixel's mean), and any own parameters (a variance). Checks the data are of
     * the kind this likelihood models.
     */
    void initFromData(Tensor outputBias, double[] data, int rows);

    /** The description this likelihood was built from (stored in checkpoints). */
    LikelihoodSpec spec();
}
