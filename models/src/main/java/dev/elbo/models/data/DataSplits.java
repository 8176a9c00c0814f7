package dev.elbo.models.data;

import dev.elbo.core.Rng;
import java.util.Arrays;
import java.util.Objects;

/**
 * Training, validation and test sets, disjoint.
 *
 * <p>A split by fractions draws one random permutation of the examples (Fisher–Yates from the
 * given generator), gives its first ⌊f_test·n + ½⌋ entries to the test set, the next
 * ⌊f_valid·n + ½⌋ to the validation set and the rest to training; each part then keeps the
 * examples in their original order. The same generator state gives the same split.
 *
 * @param train      the examples to fit
 * @param validation the examples to monitor during training (empty when none)
 * @param test       the held-out examples (empty when none)
 */
public record DataSplits(DataSet train, DataSet validation, DataSet test) {

    public DataSplits {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(test, "test");
    }

    /** Splits {@code all} into the three parts by fractions (see the class comment). */
    public static DataSplits byFractions(DataSet all, double validationFraction, double testFraction, Rng rng) {
        checkFraction("validation", validationFraction);
        checkFraction("test", testFraction);
        int n = all.size();
        int nTest = (int) Math.round(testFraction * n);
        int nValid = (int) Math.round(validationFraction * n);
        if (nTest + nValid >= n) {
            throw new IllegalArgumentException("data set '" + all.name() + "' of " + n + " examples: "
                    + nValid + " for validation and " + nTest + " for test leave none for training");
        }
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        rng.shuffle(perm);
        int[] test = sorted(perm, 0, nTest);
        int[] valid = sorted(perm, nTest, nTest + nValid);
        int[] train = sorted(perm, nTest + nValid, n);
        return new DataSplits(all.subset(all.name() + "/train", train),
                all.subset(all.name() + "/validation", valid),
                all.subset(all.name() + "/test", test));
    }

    /**
     * A given test set (e.g. MNIST's t10k files) and a validation set split off the training
     * data by a fraction, as {@link #byFractions} does.
     */
    public static DataSplits withTestSet(DataSet trainAndValidation, DataSet test, double validationFraction,
                                         Rng rng) {
        if (test.dimension() != trainAndValidation.dimension()) {
            throw new IllegalArgumentException("test set '" + test.name() + "' has " + test.dimension()
                    + " features per example, training set '" + trainAndValidation.name() + "' has "
                    + trainAndValidation.dimension());
        }
        DataSplits parts = byFractions(trainAndValidation, validationFraction, 0.0, rng);
        return new DataSplits(parts.train(), parts.validation(), test);
    }

    private static void checkFraction(String what, double f) {
        if (!(f >= 0 && f < 1)) {
            throw new IllegalArgumentException("the " + what + " fraction must be in [0, 1), got " + f);
        }
    }

    private static int[] sorted(int[] perm, int from, int to) {
        int[] part = Arrays.copyOfRange(perm, from, to);
        Arrays.sort(part);
        return part;
    }
}
