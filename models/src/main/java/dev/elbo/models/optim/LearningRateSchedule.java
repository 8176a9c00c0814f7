package dev.elbo.models.optim;

/**
 * The learning rate as a function of the optimizer step: {@link #rate(long)} gives η for the
 * update that follows {@code step} completed updates (0 for the very first one). A pure function
 * of the step, so a resumed run gets the same rates, and computing one allocates nothing.
 *
 * <p>Durations are in steps; a trainer converts epochs with its number of batches per epoch.
 */
public sealed interface LearningRateSchedule
        permits LearningRateSchedule.Constant, LearningRateSchedule.StepDecay, LearningRateSchedule.Cosine {

    /** η for the update after {@code step} completed updates (step ≥ 0). */
    double rate(long step);

    /** The same rate η at every step. */
    static LearningRateSchedule constant(double rate) {
        return new Constant(rate);
    }

    /** η·γ^⌊step / every⌋: multiplied by γ after every {@code every} steps. */
    static LearningRateSchedule stepDecay(double rate, double factor, long every) {
        return new StepDecay(rate, factor, every);
    }

    /** Cosine from η down to a floor over {@code totalSteps}, after a linear warm-up (see {@link Cosine}). */
    static LearningRateSchedule cosine(double rate, double floor, long totalSteps, long warmupSteps) {
        return new Cosine(rate, floor, totalSteps, warmupSteps);
    }

    private static void checkRate(String what, double rate) {
        if (!(rate >= 0 && rate < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(what + " must be finite and >= 0, got " + rate);
        }
    }

    /** η at every step. */
    record Constant(double rate) implements LearningRateSchedule {
        public Constant {
            checkRate("constant schedule: rate", rate);
        }

        @Override
        public double rate(long step) {
            return rate;
        }
    }

    /**
     * Step decay: η·γ^k with k = ⌊step / every⌋ (γ^k as k multiplications, the same on every
     * JVM and allocation-free).
     *
     * @param rate   η, the initial rate
     * @param factor γ in (0, 1] usually (0.5 halves the rate)
     * @param every  steps between two decays, ≥ 1
     */
    record StepDecay(double rate, double factor, long every) implements LearningRateSchedule {
        public StepDecay {
            checkRate("step schedule: rate", rate);
            if (!(factor > 0 && factor < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("step schedule: factor must be finite and > 0, got " + factor);
            }
            if (every < 1) {
                throw new IllegalArgumentException("step schedule: decay interval must be >= 1 step, got " + every);
            }
        }

        @Override
        public double rate(long step) {
            double power = 1;
            for (long k = step / every; k > 0; k--) {
                power *= factor;
            }
            return rate * power;
        }
    }

    /**
     * Linear warm-up, then half a cosine period down to a floor (Loshchilov and Hutter, 2017,
     * without restarts). With W warm-up steps and T steps in all:
     * <pre>
     * step s &lt; W:    η·(s + 1) / W
     * otherwise:     η_min + (η − η_min)·½·(1 + cos(π·p)),  p = min(1, (s − W) / (T − W))
     * </pre>
     * so the first update after warm-up uses η (up to rounding) and steps from T on use η_min.
     * cos(π·p) is {@link #cosPi}: plain arithmetic, identical on every JVM.
     *
     * @param rate        η, the peak rate
     * @param floor       η_min, in [0, η]
     * @param totalSteps  T, including the warm-up, &gt; W
     * @param warmupSteps W ≥ 0
     */
    record Cosine(double rate, double floor, long totalSteps, long warmupSteps) implements LearningRateSchedule {
        public Cosine {
            checkRate("cosine schedule: rate", rate);
            if (!(floor >= 0 && floor <= rate)) {
                throw new IllegalArgumentException("cosine schedule: floor must be in [0, " + rate + "], got " + floor);
            }
            if (warmupSteps < 0 || totalSteps <= warmupSteps) {
                throw new IllegalArgumentException("cosine schedule: need 0 <= warm-up steps < total steps, got "
                        + warmupSteps + " and " + totalSteps);
            }
        }

        @Override
        public double rate(long step) {
            if (step < warmupSteps) {
                return rate * (step + 1) / warmupSteps;
            }
            double progress = Math.min(1.0, (double) (step - warmupSteps) / (totalSteps - warmupSteps));
            return floor + (rate - floor) * 0.5 * (1 + cosPi(progress));
        }
    }

    /**
     * cos(π·p) for p in [0, 1]: cos(π − x) = −cos x brings x = π·p into [0, π/2], where the
     * Taylor series to x²⁸/28! (remainder below 1e-26) is summed by Horner's rule,
     * 1 − x²/(1·2)·(1 − x²/(3·4)·(1 − …)). Only IEEE additions, multiplications and divisions:
     * the same bits on every JVM, within a few units in the last place of the exact value, and
     * no allocation ({@code StrictMath.cos} allocates on recent JDKs, {@code Math.cos} is an
     * intrinsic whose last bit may vary between JVMs).
     */
    static double cosPi(double p) {
        boolean reflect = p > 0.5;
        double x = Math.PI * (reflect ? 1 - p : p);
        double x2 = x * x;
        double sum = 1;
        for (int k = 14; k >= 1; k--) {
            sum = 1 - x2 / ((2.0 * k - 1) * (2.0 * k)) * sum;
        }
        return reflect ? -sum : sum;
    }
}
