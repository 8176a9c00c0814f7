package dev.elbo.models.train;

import java.util.Arrays;

/**
 * The numbers of one finished epoch: one row of {@code metrics.csv}. Bounds and terms are in
 * nats per example; training values are averages over the epoch's minibatches (with the
 * parameters of each step), validation values are computed after the epoch with the KL
 * weight at 1 (the bound itself), NaN when this epoch was not validated.
 *
 * @param epoch               1-based number of the epoch
 * @param step                optimizer steps completed at its end
 * @param learningRate        the rate of its last step
 * @param klWeight            the KL weight of its last step (β times the warm-up factor)
 * @param trainBound          mean bound over the training minibatches
 * @param trainReconstruction mean E_q[log p(x|z)] over them
 * @param trainKl             mean KL(q(z|x) ‖ p(z)) over them
 * @param validBound          the bound on the validation set, or NaN
 * @param validReconstruction its reconstruction term, or NaN
 * @param validKl             its KL term, or NaN
 * @param seconds             wall-clock time of the epoch, validation included
 * @param examplesPerSecond   training examples per second of training time
 * @param activeUnits         latent dimensions whose mean KL exceeds {@link #ACTIVE_UNIT_KL} nats,
 *                            or −1 when the objective does not report KL per dimension
 * @param klPerDimension      mean KL per latent dimension (validation when validated, else
 *                            training); empty when the objective does not report it
 */
public record EpochMetrics(int epoch, long step, double learningRate, double klWeight, double trainBound,
                           double trainReconstruction, double trainKl, double validBound,
                           double validReconstruction, double validKl, double seconds, double examplesPerSecond,
                           int activeUnits, double[] klPerDimension) {

    /**
     * The KL, in nats, above which a latent dimension counts as active: a cheap proxy for the
     * variance criterion of Burda et al. (2016), Cov_x(E_q[z_d]) &gt; 0.01. A dimension the
     * encoder ignores has q(z_d|x) = p(z_d) and KL 0.
     */
    public static final double ACTIVE_UNIT_KL = 0.01;

    public EpochMetrics {
        klPerDimension = klPerDimension.clone();
    }

    @Override
    public double[] klPerDimension() {
        return klPerDimension.clone();
    }

    /** Whether the validation columns hold numbers. */
    public boolean validated() {
        return !Double.isNaN(validBound);
    }

    /** Number of entries of {@code klPerDimension} above {@link #ACTIVE_UNIT_KL}, −1 if it is empty. */
    public static int activeUnits(double[] klPerDimension) {
        if (klPerDimension.length == 0) {
            return -1;
        }
        int n = 0;
        for (double kl : klPerDimension) {
            if (kl > ACTIVE_UNIT_KL) {
                n++;
            }
        }
        return n;
    }

    /** The same metrics without the timing (seconds, examples per second set to 0): what reruns reproduce. */
    public EpochMetrics withoutTiming() {
        return new EpochMetrics(epoch, step, learningRate, klWeight, trainBound, trainReconstruction, trainKl,
                validBound, validReconstruction, validKl, 0, 0, activeUnits, klPerDimension);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EpochMetrics m && epoch == m.epoch && step == m.step
                && same(learningRate, m.learningRate) && same(klWeight, m.klWeight)
                && same(trainBound, m.trainBound) && same(trainReconstruction, m.trainReconstruction)
                && same(trainKl, m.trainKl) && same(validBound, m.validBound)
                && same(validReconstruction, m.validReconstruction) && same(validKl, m.validKl)
                && same(seconds, m.seconds) && same(examplesPerSecond, m.examplesPerSecond)
                && activeUnits == m.activeUnits && Arrays.equals(klPerDimension, m.klPerDimension);
    }

    private static boolean same(double a, double b) {
        return Double.doubleToLongBits(a) == Double.doubleToLongBits(b);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(step) * 31 + Double.hashCode(trainBound);
    }

    @Override
    public String toString() {
        return "epoch " + epoch + " (step " + step + "): train bound " + trainBound + ", valid bound " + validBound;
    }
}
