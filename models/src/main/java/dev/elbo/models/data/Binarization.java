package dev.elbo.models.data;

import dev.elbo.core.Rng;

/**
 * Turning grey levels p ∈ [0, 1] into binary data x ∈ {0, 1} with x ~ Bernoulli(p), so that a
 * Bernoulli likelihood is a proper model of the data.
 *
 * <ul>
 *   <li>{@link #NONE}: the values are used as they are (a Bernoulli decoder then fits grey
 *       levels as "soft" targets; Gaussian and categorical data need this).</li>
 *   <li>{@link #FIXED}: one draw per value, made once with a fixed seed: the data set becomes
 *       binary for good (the "statically binarized MNIST" of the literature).</li>
 *   <li>{@link #DYNAMIC}: a fresh draw for each minibatch from the training generator, so each
 *       epoch sees new binary images — a regularizer that lowers overfitting (Burda et al. 2016
 *       trained their IWAE models this way). Evaluation sets are then binarized once, as in
 *       {@code FIXED}, so that validation numbers are comparable from epoch to epoch.</li>
 * </ul>
 * One draw per value, in row-major order: a value p becomes 1 exactly when the generator's next
 * {@link Rng#nextDouble()} is &lt; p.
 */
public enum Binarization {
    NONE,
    FIXED,
    DYNAMIC;

    /**
     * A binarized copy of {@code data} (one draw per value, row-major, from {@code rng}).
     *
     * @throws IllegalArgumentException when a value lies outside [0, 1]
     */
    public static DataSet binarizeOnce(DataSet data, Rng rng) {
        data.requireUnitInterval("binarization");
        double[] out = new double[data.data().length];
        rng.fillBernoulli(data.data(), 0, out, 0, out.length);
        return data.withData(data.name(), out);
    }

    /**
     * Replaces {@code values[offset, offset + n)} by one Bernoulli draw each, in place, without
     * allocating: what {@link #DYNAMIC} does to each minibatch.
     *
     * @throws IllegalArgumentException when a value lies outside [0, 1]
     */
    public static void binarizeInPlace(double[] values, int offset, int n, Rng rng) {
        rng.fillBernoulli(values, offset, values, offset, n);
    }
}
