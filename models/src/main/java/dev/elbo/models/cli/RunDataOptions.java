package dev.elbo.models.cli;

import dev.elbo.core.io.DataFormatException;
import dev.elbo.models.data.DataLoaders;
import dev.elbo.models.data.DataSet;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The examples a command on a trained run works on: a split of the run's data (or of other data
 * given with {@code --data}, split the same way), as evaluated — binarized once when the run
 * binarizes, the test set with the fixed seed of {@link RunData}.
 */
final class RunDataOptions {
    @Option(names = "--data", paramLabel = "SPEC",
            description = "The data (as for 'elbo train --data'); default: the run's own, from its config.json.")
    String data;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "Data cache folder (default: $ELBO_CACHE, else ~/.cache/elbo).")
    Path cache;

    @Option(names = "--split", paramLabel = "PART", defaultValue = "test",
            description = "test, valid or train: the run's split of the data (for data without a test set of its "
                    + "own, the part held out by --test-fraction at training). Default: ${DEFAULT-VALUE}.")
    RunData.Split split;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
            description = "Only the first N examples of the split (0 = all). Default: ${DEFAULT-VALUE}.")
    int limit;

    /** The examples, checked against the model. */
    DataSet load(CliContext ctx, RunFolder.Model model) throws IOException, DataFormatException {
        if (limit < 0) {
            throw new UsageException("--limit " + limit + ": must be at least 0");
        }
        RunConfig rc = model.config();
        DataSource source = data == null ? rc.data()
                : DataSource.of(data, rc.data().csvHeader(), rc.data().labelColumn());
        ctx.detail("reading " + source.displayName() + " ...");
        DataLoaders.Loaded loaded = source.load(ctx, cache);
        TrainCommand.checkData(loaded, source, model.vae().spec(), model.training());
        RunData parts = RunData.split(loaded, rc.trainLimit(), rc.testFraction(), model.training());
        DataSet set = parts.evaluation(split, model.training());
        if (set.size() == 0) {
            throw new UserException("the " + split.label() + " split of " + source.displayName() + " is empty"
                    + (split == RunData.Split.VALID ? " (the run trained without validation)" : ""));
        }
        return RunData.first(set, limit);
    }

    /** For messages: {@code the test split of mnist}. */
    String describe(RunFolder.Model model) {
        String name = data == null ? model.config().data().displayName()
                : DataSource.of(data, model.config().data().csvHeader(), null).displayName();
        return "the " + split.label() + " split of " + name;
    }
}
