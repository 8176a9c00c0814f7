package dev.elbo.models.cli;

import dev.elbo.models.data.Binarization;
import dev.elbo.models.data.DataLoaders;
import dev.elbo.models.data.DataSet;
import dev.elbo.models.data.DataSplits;
import dev.elbo.models.train.RandomStreams;
import dev.elbo.models.train.Trainer;
import dev.elbo.models.train.TrainingConfig;
import java.util.Locale;

/**
 * The training, validation and test sets of a run, derived from the loaded data by one fixed
 * procedure, so that {@code train} and, later, {@code eval} or {@code encode} see the same
 * examples:
 * <ol>
 *   <li>with {@code trainLimit} n &gt; 0, only the first n examples of the source are used;</li>
 *   <li>the test set is the source's own (MNIST's t10k files), else a {@code testFraction} of
 *       the examples;</li>
 *   <li>the validation set is a {@code validationFraction} of the rest;</li>
 * </ol>
 * both splits drawn by one permutation from the run's data-split stream
 * ({@link DataSplits#byFractions}, {@link RandomStreams#dataSplit()}).
 *
 * <p>As evaluated, with binarization on ({@code fixed} or {@code dynamic}), the validation set is
 * binarized once from the run's seed (as the trainer does), and the test set once from the
 * streams of the fixed seed {@value #TEST_BINARIZATION_SEED}, whatever the run's seed: every run
 * is scored on the very same binary digits ({@code elbo data binarize-test} writes them).
 */
record RunData(DataSet train, DataSet validation, DataSet test) {

    /**
     * The seed whose streams binarize every test set:
     * {@code RandomStreams.of(0).fixedBinarization(Part.TEST)}, one Bernoulli draw per pixel in
     * row-major order.
     */
    static final long TEST_BINARIZATION_SEED = 0;

    /** The parts a command can evaluate on. */
    enum Split {
        TEST, VALID, TRAIN;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static RunData split(DataLoaders.Loaded loaded, int trainLimit, double testFraction, TrainingConfig config) {
        DataSet all = loaded.data();
        if (trainLimit > 0 && trainLimit < all.size()) {
            int[] first = new int[trainLimit];
            for (int i = 0; i < trainLimit; i++) {
                first[i] = i;
            }
            all = all.subset(all.name(), first);
        }
        RandomStreams streams = RandomStreams.of(config.seed());
        DataSplits parts;
        try {
            parts = loaded.test() != null
                    ? DataSplits.withTestSet(all, loaded.test(), config.validationFraction(), streams.dataSplit())
                    : DataSplits.byFractions(all, config.validationFraction(), testFraction, streams.dataSplit());
        } catch (IllegalArgumentException e) {
            throw new UserException(Main.oneLine(e.getMessage()) + " (see --valid-fraction, --test-fraction)");
        }
        return new RunData(parts.train(), parts.validation(), parts.test());
    }

    /** The raw (not binarized) examples of a split. */
    DataSet raw(Split split) {
        switch (split) {
            case TEST:
                return test;
            case VALID:
                return validation;
            default:
                return train;
        }
    }

    /** A split as the model is evaluated on it (binarized once when the run binarizes, see above). */
    DataSet evaluation(Split split, TrainingConfig config) {
        DataSet raw = raw(split);
        if (raw.size() == 0 || config.binarization() == Binarization.NONE) {
            return raw;
        }
        switch (split) {
            case TEST:
                return binarizedTest(raw, config);
            case VALID:
                return Trainer.prepareForEvaluation(raw, config, RandomStreams.of(config.seed()),
                        RandomStreams.Part.VALIDATION);
            default:
                return Trainer.prepareForEvaluation(raw, config, RandomStreams.of(config.seed()),
                        RandomStreams.Part.TRAIN);
        }
    }

    /** The test set binarized with the fixed seed (see the class comment). */
    static DataSet binarizedTest(DataSet test, TrainingConfig config) {
        return Trainer.prepareForEvaluation(test, config, RandomStreams.of(TEST_BINARIZATION_SEED),
                RandomStreams.Part.TEST);
    }

    /** The first {@code limit} examples (all when limit is 0 or more than there are). */
    static DataSet first(DataSet data, int limit) {
        if (limit <= 0 || limit >= data.size()) {
            return data;
        }
        int[] idx = new int[limit];
        for (int i = 0; i < limit; i++) {
            idx[i] = i;
        }
        return data.subset(data.name(), idx);
    }
}
