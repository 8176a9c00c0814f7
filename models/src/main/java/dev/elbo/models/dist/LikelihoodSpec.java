package dev.elbo.models.dist;

import java.util.Locale;

/**
 * Which {@link Likelihood} a decoder uses and its options; {@link #create(int)} builds it for D
 * data columns. Use the factories: {@link #bernoulli()}, {@link #gaussian(GaussianVariance)},
 * {@link #gaussianFixed(double)}, {@link #categorical(int)}.
 *
 * @param kind          the family
 * @param variance      for {@link Kind#GAUSSIAN}: how the variance is modelled; null otherwise
 * @param fixedVariance for {@link GaussianVariance#FIXED}: σ² &gt; 0; 0 otherwise
 * @param alphabetSize  for {@link Kind#CATEGORICAL}: A ≥ 2 symbols per position; 0 otherwise
 */
public record LikelihoodSpec(Kind kind, GaussianVariance variance, double fixedVariance, int alphabetSize) {

    /** The likelihood families. */
    public enum Kind {
        /** Binary data (images, spins), from logits. */
        BERNOULLI,
        /** Continuous data (expression levels), diagonal Gaussian. */
        GAUSSIAN,
        /** One-hot sequences over an alphabet, from logits grouped by position. */
        CATEGORICAL;

        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a Gaussian likelihood models its variance. */
    public enum GaussianVariance {
        /** One learned log σ² per data column (a 1 × D parameter), shared by all examples. */
        FEATURE,
        /** One log σ² per example, predicted by the decoder as an extra output column (D + 1 outputs). */
        EXAMPLE,
        /** A fixed σ², not learned. */
        FIXED;

        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public LikelihoodSpec {
        if (kind == null) throw new IllegalArgumentException("likelihood: kind is missing");
        switch (kind) {
            case BERNOULLI:
                requireUnused(variance, fixedVariance, alphabetSize, kind);
                break;
            case GAUSSIAN:
                if (variance == null) throw new IllegalArgumentException("likelihood gaussian: variance is missing (feature, example or fixed)");
                if (alphabetSize != 0) throw new IllegalArgumentException("likelihood gaussian: alphabetSize applies only to categorical");
                if (variance == GaussianVariance.FIXED) {
                    if (!(fixedVariance > 0 && fixedVariance < Double.POSITIVE_INFINITY)) {
                        throw new IllegalArgumentException("likelihood gaussian: fixed variance must be positive and finite, got " + fixedVariance);
                    }
                } else if (fixedVariance != 0) {
                    throw new IllegalArgumentException("likelihood gaussian: fixedVariance applies only to variance 'fixed', not '"
                            + variance.jsonName() + "'");
                }
                break;
            case CATEGORICAL:
                if (variance != null || fixedVariance != 0) {
                    throw new IllegalArgumentException("likelihood categorical: variance options apply only to gaussian");
                }
                if (alphabetSize < 2) throw new IllegalArgumentException("likelihood categorical: alphabetSize must be at least 2, got " + alphabetSize);
                break;
            default:
                throw new AssertionError(kind);
        }
    }

    private static void requireUnused(GaussianVariance variance, double fixedVariance, int alphabetSize, Kind kind) {
        if (variance != null || fixedVariance != 0) {
            throw new IllegalArgumentException("likelihood " + kind.jsonName() + ": variance options apply only to gaussian");
        }
        if (alphabetSize != 0) throw new IllegalArgumentException("likelihood " + kind.jsonName() + ": alphabetSize applies only to categorical");
    }

    public static LikelihoodSpec bernoulli() {
        return new LikelihoodSpec(Kind.BERNOULLI, null, 0, 0);
    }

    /** A Gaussian with a learned variance ({@link GaussianVariance#FEATURE} or {@link GaussianVariance#EXAMPLE}). */
    public static LikelihoodSpec gaussian(GaussianVariance variance) {
        if (variance == GaussianVariance.FIXED) {
            throw new IllegalArgumentException("likelihood gaussian: a fixed variance needs its value: use gaussianFixed(σ²)");
        }
        return new LikelihoodSpec(Kind.GAUSSIAN, variance, 0, 0);
    }

    /** A Gaussian of fixed variance σ². */
    public static LikelihoodSpec gaussianFixed(double variance) {
        return new LikelihoodSpec(Kind.GAUSSIAN, GaussianVariance.FIXED, variance, 0);
    }

    /** A categorical over A symbols at each position (D = positions · A one-hot columns). */
    public static LikelihoodSpec categorical(int alphabetSize) {
        return new LikelihoodSpec(Kind.CATEGORICAL, null, 0, alphabetSize);
    }

    /** The likelihood for D data columns (for a categorical, D must be a multiple of A). */
    public Likelihood create(int dataDim) {
        switch (kind) {
            case BERNOULLI: return new Bernoulli(dataDim);
            case GAUSSIAN: return new Gaussian(dataDim, variance, fixedVariance);
            case CATEGORICAL: return new Categorical(dataDim, alphabetSize);
            default: throw new AssertionError(kind);
        }
    }

    @Override
    public String toString() {
        switch (kind) {
            case GAUSSIAN:
                return variance == GaussianVariance.FIXED
                        ? "gaussian(fixed σ² = " + fixedVariance + ")" : "gaussian(" + variance.jsonName() + " variance)";
            case CATEGORICAL: return "categorical(" + alphabetSize + " symbols)";
            default: return kind.jsonName();
        }
    }
}
