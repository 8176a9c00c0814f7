package dev.elbo.models.cli;

import com.google.gson.JsonObject;
import dev.elbo.models.data.DataSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code elbo demo}: the whole story in one command — MNIST, the model of the IWAE paper, a few
 * minutes of training, the test log-likelihood, the pictures.
 */
@Command(name = "demo", sortOptions = false,
        description = {
            "Five minutes of MNIST: train the IWAE paper's model, score it, draw the pictures.",
            "",
            "Trains the model of the IWAE paper (Burda et al. 2016: 784-200-200-50, tanh, Bernoulli decoder) on "
                    + "dynamically binarized MNIST for " + DemoCommand.EPOCHS + " epochs (about five minutes on 2 cores), "
                    + "estimates the test log-likelihood on " + DemoCommand.TEST_EXAMPLES + " test digits with k = "
                    + DemoCommand.K + " importance samples, and draws the pictures. MNIST is fetched first if it is "
                    + "not in the cache. The seed is fixed: the same numbers every time.",
            "",
            "k = " + DemoCommand.K + " keeps the evaluation near a minute; k = 5000, as in the IWAE paper, takes about "
                    + "four minutes on 2 cores and gives a log p(x) about 0.15 nats higher: "
                    + "'elbo eval --run runs/demo --limit 1000' computes it.",
            "",
            "The same as:",
            "  elbo data fetch mnist",
            "  elbo train --data mnist --hidden 200,200 --latent 50 --activation tanh \\",
            "      --likelihood bernoulli --epochs " + DemoCommand.EPOCHS + " --batch 100 --lr 1e-3 --seed 0 \\",
            "      --out runs/demo",
            "  elbo eval --run runs/demo --limit " + DemoCommand.TEST_EXAMPLES + " --k " + DemoCommand.K,
            ""
        },
        footer = {"", "Then look at runs/demo/*.png, or train on:",
            "  elbo train --resume --out runs/demo --epochs 400"})
final class DemoCommand extends ElboSubcommand {
    /**
     * Epochs of the demo: about five minutes of training on the 2-core machine it was tuned on
     * (measured: 8,400 examples/s, 6.8 s per epoch of 54,000 digits with validation).
     */
    static final int EPOCHS = 40;
    /**
     * Importance samples of the test estimate: k = 5000 (the IWAE paper's) took 4.5 minutes for
     * 1000 digits on that machine, k = 2000 about 1.5 minutes, for 0.14 nats less.
     */
    static final int K = 2000;
    /** Test digits scored. */
    static final int TEST_EXAMPLES = 1000;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "" + EPOCHS,
            description = "Training epochs. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--k", paramLabel = "K", defaultValue = "" + K,
            description = "Importance samples per test digit. Default: ${DEFAULT-VALUE}.")
    int k;

    @Option(names = "--test-examples", paramLabel = "N", defaultValue = "" + TEST_EXAMPLES,
            description = "Test digits scored. Default: ${DEFAULT-VALUE}.")
    int testExamples;

    @Option(names = "--out", paramLabel = "DIR",
            description = "The run folder (default: runs/demo, or runs/demo-2, -3 ... when it is taken).")
    Path out;

    @Option(names = "--cache", paramLabel = "DIR", description = "Data cache folder (default: ~/.cache/elbo).")
    Path cache;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Threads (0 = all cores). Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "auto, bar, lines or none. Default: ${DEFAULT-VALUE}.")
    ProgressDisplay.Mode progress;

    private TrainCommand training;

    @Override
    public Integer call() throws Exception {
        try {
            return super.call();
        } finally {
            if (training != null) {
                training.releaseStopGuard();
            }
        }
    }

    @Override
    protected CommandResult execute() throws Exception {
        CliContext ctx = context();
        if (epochs < 1 || k < 1 || testExamples < 1) {
            throw new UsageException("--epochs, --k and --test-examples must be at least 1");
        }
        DataCommand.Fetch.ensure(ctx, Datasets.MNIST, cache);
        Path dir = out != null ? out : freeFolder(Path.of("runs", "demo"));

        List<String> args = new ArrayList<>(List.of("--data", "mnist", "--hidden", "200,200", "--latent", "50",
                "--activation", "tanh", "--likelihood", "bernoulli", "--epochs", Integer.toString(epochs),
                "--batch", "100", "--lr", "1e-3", "--seed", "0", "--threads", Integer.toString(threads),
                "--out", dir.toString(), "--progress", progress.name().toLowerCase(Locale.ROOT)));
        if (cache != null) {
            args.add("--cache");
            args.add(cache.toString());
        }
        training = new TrainCommand();
        new CommandLine(training).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args.toArray(new String[0]));
        ctx.status("elbo demo: " + epochs + " epochs of the IWAE paper's MNIST model (about five minutes on 2 "
                + "cores), then log p(x) on " + testExamples + " test digits with k = " + k);
        TrainCommand.Outcome trained = training.train(ctx, true);
        if (trained.stopped()) {
            return trained.result();
        }
        training.releaseStopGuard(); // the evaluation writes nothing: Ctrl-C may end it at once
        ctx.err().print(trained.result().text());
        ctx.err().flush();

        DataSet test = RunData.first(trained.data().evaluation(RunData.Split.TEST, trained.config()), testExamples);
        RunFolder.Model model = trained.run().loadModel();
        Evaluator.Scores s = EvalCommand.evaluate(ctx, model, test, "the first " + test.size() + " MNIST test digits",
                k, 0, progress);
        CommandResult eval = EvalCommand.result(s, "mnist test", "test", null, model.epoch(),
                model.vae().latentDim());

        JsonObject json = new JsonObject();
        json.add("train", trained.result().json());
        json.add("eval", eval.json());
        StringBuilder text = new StringBuilder();
        JsonObject t = trained.result().json();
        text.append(String.format(Locale.ROOT, "trained %d epochs in %s at %,.0f examples/s: train ELBO %.2f, "
                        + "valid ELBO %.2f%n", t.get("epochs").getAsInt(),
                ProgressDisplay.formatDuration(t.get("seconds").getAsDouble()),
                t.get("examples_per_second").getAsDouble(), t.get("train_elbo").getAsDouble(),
                t.get("valid_elbo").getAsDouble()));
        text.append(String.format(Locale.ROOT, "test (%d digits, k = %d): ELBO %.2f, log p(x) %.2f ± %.2f nats%n",
                s.n(), s.k(), s.meanElbo(), s.meanLogPx(), Evaluator.standardError(s.logPx())));
        text.append("pictures:\n");
        for (var p : t.getAsJsonArray("pictures")) {
            text.append("  ").append(p.getAsString()).append('\n');
        }
        text.append("continue training with: elbo train --resume --out ").append(dir).append(" --epochs ")
                .append(epochs * 10).append('\n');
        return new CommandResult(json, text.toString());
    }

    /** {@code base}, or the first of base-2, base-3 … that holds no run. */
    private static Path freeFolder(Path base) {
        Path p = base;
        for (int i = 2; new RunFolder(p).holdsRun() || Files.isRegularFile(p); i++) {
            p = Path.of(base + "-" + i);
        }
        return p;
    }
}
