package dev.elbo.models.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.elbo.core.Parallel;
import dev.elbo.core.io.Csv;
import dev.elbo.core.io.DataFormatException;
import dev.elbo.models.data.Binarization;
import dev.elbo.models.data.DataLoaders;
import dev.elbo.models.data.DataSet;
import dev.elbo.models.dist.LikelihoodSpec;
import dev.elbo.models.train.Checkpoint;
import dev.elbo.models.train.EpochMetrics;
import dev.elbo.models.train.RandomStreams;
import dev.elbo.models.train.Trainer;
import dev.elbo.models.train.TrainingConfig;
import dev.elbo.models.train.TrainingConfig.ObjectiveKind;
import dev.elbo.models.train.TrainingConfig.OptimizerConfig;
import dev.elbo.models.train.TrainingListener;
import dev.elbo.models.train.TrainingResult;
import dev.elbo.models.vae.Elbo;
import dev.elbo.models.vae.Iwae;
import dev.elbo.models.vae.Objective;
import dev.elbo.models.vae.Vae;
import dev.elbo.models.vae.VaeSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code elbo train}: fits a VAE to data, writing the run folder. */
@Command(name = "train",
        sortOptions = false,
        description = {
            "Train a VAE and write its run folder: checkpoint, metrics and pictures.",
            "",
            "The run folder holds checkpoint.safetensors (model, "
                    + "optimizer and random state after the last complete epoch), metrics.csv (one line per epoch), "
                    + "config.json (data, architecture, settings) and the pictures samples.png, reconstructions.png, "
                    + "latent.png, curves.png, traversal.png.",
            "",
            "Ctrl-C (or kill) stops after the current batch; the checkpoint keeps the last complete epoch and "
                    + "'elbo train --resume --out DIR' continues exactly where it left off. The same seed gives "
                    + "the same numbers, bit for bit, whatever the thread count.",
            ""
        },
        footer = {"", "Data (--data):",
            "  mnist                MNIST from the cache ('elbo data fetch mnist'),",
            "                       with its t10k test set",
            "  idx:IMAGES[,LABELS]  an IDX image file (raw or .gz) and its labels",
            "  csv:PATH             a numeric matrix, one example per line",
            "                       (--csv-header, --label-column)",
            "  images:DIR           a folder of same-size grey PNG images",
            "  fasta:PATH           aligned sequences, one-hot (--likelihood categorical)",
            "",
            "Examples:",
            "  elbo train --data mnist --epochs 10 --out runs/mnist",
            "  elbo train --data mnist --iwae --samples 5 --out runs/iwae5",
            "  elbo train --data csv:cells.csv --label-column type \\",
            "      --likelihood gaussian --latent 10 --out runs/cells",
            "  elbo train --resume --out runs/mnist --epochs 20"})
final class TrainCommand extends ElboSubcommand {

    // ---------------------------------------------------------------- data
    @Option(names = "--data", paramLabel = "SPEC", defaultValue = "mnist",
            description = "What to train on (forms below). Default: ${DEFAULT-VALUE}.")
    String data;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "Data cache folder (default: $ELBO_CACHE, else ~/.cache/elbo).")
    Path cache;

    @Option(names = "--csv-header", paramLabel = "MODE", defaultValue = "auto",
            description = "CSV: auto (a header when the first line holds no number), present or absent. "
                    + "Default: ${DEFAULT-VALUE}.")
    Csv.HeaderMode csvHeader;

    @Option(names = "--label-column", paramLabel = "COL",
            description = "CSV: the column holding a class label (0-based index or header name); it is not "
                    + "a feature, and colours the latent picture. Default: none.")
    String labelColumn;

    @Option(names = "--train-limit", paramLabel = "N", defaultValue = "0",
            description = "Use only the first N examples of the data (before the splits); 0 = all. "
                    + "Default: ${DEFAULT-VALUE}.")
    int trainLimit;

    @Option(names = "--valid-fraction", paramLabel = "F", defaultValue = "0.1",
            description = "Part of the training examples held out for validation (0 = no validation). "
                    + "Default: ${DEFAULT-VALUE}.")
    double validFraction;

    @Option(names = "--test-fraction", paramLabel = "F", defaultValue = "0.1",
            description = "Part of the examples held out as the test set, for data without one of its own "
                    + "(MNIST has one). Default: ${DEFAULT-VALUE}.")
    double testFraction;

    @Option(names = "--binarize", paramLabel = "HOW", defaultValue = "auto",
            description = "Grey levels in [0, 1] to 0/1: dynamic (a fresh draw for every minibatch; validation "
                    + "and test drawn once), fixed (drawn once), none, or auto (dynamic for a Bernoulli "
                    + "likelihood, none otherwise). Default: ${DEFAULT-VALUE}.")
    String binarize;

    // ---------------------------------------------------------------- model
    @Option(names = "--hidden", paramLabel = "SIZES", defaultValue = "200,200",
            description = "Hidden layers of the encoder, e.g. 200,200 or none; the decoder mirrors them. "
                    + "Default: ${DEFAULT-VALUE}.")
    String hidden;

    @Option(names = "--decoder-hidden", paramLabel = "SIZES",
            description = "Hidden layers of the decoder (none = a linear decoder). Default: the mirror of --hidden.")
    String decoderHidden;

    @Option(names = "--latent", paramLabel = "L", defaultValue = "50",
            description = "Dimension of z. Default: ${DEFAULT-VALUE}.")
    int latent;

    @Option(names = "--activation", paramLabel = "NAME", defaultValue = "tanh",
            description = "After every hidden layer: tanh, relu, softplus, elu. Default: ${DEFAULT-VALUE}.")
    String activation;

    @Option(names = "--likelihood", paramLabel = "KIND", defaultValue = "bernoulli",
            description = "p(x|z): bernoulli (binary or grey levels in [0, 1]), gaussian (learned variance per "
                    + "feature), gaussian-example (learned variance per example), gaussian:VAR (fixed variance), "
                    + "categorical (one-hot sequences). Default: ${DEFAULT-VALUE}.")
    String likelihood;

    // ---------------------------------------------------------------- objective
    @Option(names = "--samples", paramLabel = "K", defaultValue = "1",
            description = "Monte Carlo samples of z per example (importance samples with --iwae). "
                    + "Default: ${DEFAULT-VALUE}.")
    int samples;

    @Option(names = "--iwae", description = "Train on the importance-weighted bound IWAE_K instead of the ELBO.")
    boolean iwae;

    @Option(names = "--kl", paramLabel = "HOW", defaultValue = "analytic",
            description = "KL(q(z|x) || p(z)) of the ELBO: analytic (closed form) or mc (Monte Carlo, "
                    + "E_q[log q(z|x) - log p(z)] from the same samples z). Default: ${DEFAULT-VALUE}.")
    String kl;

    @Option(names = "--beta", paramLabel = "B", defaultValue = "1",
            description = "Weight of the KL term (1 = the ELBO itself). Default: ${DEFAULT-VALUE}.")
    double beta;

    @Option(names = "--warmup", paramLabel = "EPOCHS", defaultValue = "0",
            description = "KL warm-up: the KL weight grows linearly from 0 to --beta over this many epochs. "
                    + "Default: ${DEFAULT-VALUE}.")
    int warmup;

    // ---------------------------------------------------------------- optimization
    @Option(names = "--epochs", paramLabel = "N", defaultValue = "10",
            description = "Passes over the training set (with --resume: the new total). Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "100",
            description = "Examples per minibatch. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "1e-3",
            description = "Learning rate. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--schedule", paramLabel = "S", defaultValue = "constant",
            description = "Learning rate schedule: constant, cosine[:FLOOR[:WARMUP_EPOCHS]], "
                    + "step:EVERY_EPOCHS:FACTOR. Default: ${DEFAULT-VALUE}.")
    String schedule;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adam",
            description = "adam (β₁ 0.9, β₂ 0.999, ε 1e-8) or sgd (with --momentum). Default: ${DEFAULT-VALUE}.")
    OptimizerConfig.Kind optimizer;

    @Option(names = "--momentum", paramLabel = "M", defaultValue = "0.9",
            description = "SGD momentum. Default: ${DEFAULT-VALUE}.")
    double momentum;

    @Option(names = "--weight-decay", paramLabel = "W", defaultValue = "0",
            description = "Weight decay (decoupled for Adam). Default: ${DEFAULT-VALUE}.")
    double weightDecay;

    @Option(names = "--clip", paramLabel = "NORM", defaultValue = "0",
            description = "Clip the global gradient norm to this (0 = no clipping). Default: ${DEFAULT-VALUE}.")
    double clip;

    @Option(names = "--validate-every", paramLabel = "N", defaultValue = "1",
            description = "Validate every N epochs (and after the last). Default: ${DEFAULT-VALUE}.")
    int validateEvery;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of every random choice (splits, weights, batches, noise). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Threads for the matrix products (0 = all cores); changes no number. "
                    + "Default: ${DEFAULT-VALUE}.")
    int threads;

    // ---------------------------------------------------------------- output
    @Option(names = "--out", paramLabel = "DIR",
            description = "The run folder (default: runs/DATA-DATE-TIME).")
    Path out;

    @Option(names = "--resume",
            description = "Continue the run in --out from its checkpoint, with its own settings (only --epochs, "
                    + "--threads, --data, --cache, --progress and --pictures may be given).")
    boolean resume;

    @Option(names = "--force", description = "Replace the run already in --out.")
    boolean force;

    @Option(names = "--pictures", paramLabel = "WHEN", defaultValue = "auto",
            description = "When to draw the pictures: auto (after an epoch when that costs at most a tenth of the "
                    + "time, and at the end), epoch (after every epoch), end, or none. Default: ${DEFAULT-VALUE}.")
    String pictures;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "auto (a live bar on a terminal, plain lines otherwise), bar, lines or none. "
                    + "Default: ${DEFAULT-VALUE}.")
    ProgressDisplay.Mode progress;

    /** Options that --resume takes from the run instead. */
    private static final List<String> FIXED_ON_RESUME = List.of("--csv-header", "--label-column", "--train-limit",
            "--valid-fraction", "--test-fraction", "--binarize", "--hidden", "--decoder-hidden", "--latent",
            "--activation", "--likelihood", "--samples", "--iwae", "--kl", "--beta", "--warmup", "--batch", "--lr",
            "--schedule", "--optimizer", "--momentum", "--weight-decay", "--clip", "--validate-every", "--seed");

    private StopOnSignal stopGuard;

    @Override
    public Integer call() throws Exception {
        try {
            return super.call();
        } finally {
            releaseStopGuard(); // after the result is printed: a waiting shutdown hook may now let go
        }
    }

    /** Ends the Ctrl-C handling of {@link #train}: a signal from now on ends the JVM at once. */
    void releaseStopGuard() {
        if (stopGuard != null) {
            stopGuard.close();
            stopGuard = null;
        }
    }

    @Override
    protected CommandResult execute() throws Exception {
        if (resume) {
            for (String name : FIXED_ON_RESUME) {
                if (spec.commandLine().getParseResult().hasMatchedOption(name)) {
                    throw new UsageException(name + " cannot be changed on --resume: the run keeps its settings "
                            + "(only --epochs, --threads, --data, --cache, --progress and --pictures may be given)");
                }
            }
        }
        Outcome o = train(context(), spec.commandLine().getParseResult().hasMatchedOption("--epochs"));
        return o.result();
    }

    /** What a training run produced, for {@code train} and {@code demo}. */
    record Outcome(CommandResult result, RunFolder run, Vae vae, RunData data, TrainingConfig config,
            TrainingResult training, boolean stopped) {}

    /**
     * Trains as the options say.
     *
     * @param epochsGiven whether {@code --epochs} was given (with --resume: else the run's own count)
     */
    Outcome train(CliContext ctx, boolean epochsGiven) throws IOException, DataFormatException {
        long commandStart = ctx.nanoClock().getAsLong();
        checkOptions();
        if (!resume) { // the option values first: a typo should not wait for the data to load
            ModelOptions.layers("--hidden", hidden);
            if (decoderHidden != null) {
                ModelOptions.layers("--decoder-hidden", decoderHidden);
            }
            ModelOptions.activation(activation);
            ModelOptions.likelihood(likelihood, null);
            ModelOptions.schedule(schedule);
        }
        int threadCount = threads(threads);

        // 1. what to train: from the options, or from the run being resumed
        RunFolder run;
        RunConfig runConfig;
        Checkpoint checkpoint = null;
        DataSource source;
        if (resume) {
            if (out == null) {
                throw new UsageException("--resume needs --out DIR, the run folder to continue");
            }
            run = new RunFolder(out);
            RunConfig stored = run.readConfig();
            checkpoint = run.readCheckpoint();
            TrainingConfig trained = checkpoint.trainingConfig();
            VaeSpec arch = architecture(run, checkpoint);
            int total = epochsGiven ? epochs : stored.training().epochs();
            if (checkpoint.epoch() >= total) {
                throw new UserException(out + " has trained " + checkpoint.epoch() + " of " + total
                        + " epochs already; give --epochs N (more than " + checkpoint.epoch() + ") to train further");
            }
            source = spec.commandLine().getParseResult().hasMatchedOption("--data")
                    ? DataSource.of(data, stored.data().csvHeader(), stored.data().labelColumn()) : stored.data();
            TrainingConfig config = trained.toBuilder().epochs(total).threads(threadCount)
                    .outputDirectory(out.toAbsolutePath().toString()).build();
            runConfig = new RunConfig(source, stored.trainLimit(), stored.testFraction(), stored.imageHeight(),
                    stored.imageWidth(), arch, config);
        } else {
            source = DataSource.of(data, csvHeader, labelColumn);
            if (out == null) {
                out = Path.of("runs", safeName(source.displayName()) + "-"
                        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
            }
            run = new RunFolder(out);
            if (run.holdsRun() && !force) {
                throw new UsageException(out + " holds a run already; continue it with --resume, or replace it "
                        + "with --force");
            }
            runConfig = null; // needs the data's dimension: below
        }

        // 2. the data, checked before anything is written
        ctx.detail("reading " + source.displayName() + " ...");
        DataLoaders.Loaded loaded = source.load(ctx, cache);
        VaeSpec spec;
        if (runConfig == null) {
            LikelihoodSpec lik = ModelOptions.likelihood(likelihood, loaded.data());
            spec = ModelOptions.spec(loaded.data().dimension(), hidden, decoderHidden, latent, activation, lik);
            TrainingConfig config = config(spec, threadCount);
            runConfig = new RunConfig(source, trainLimit, testFraction, loaded.data().imageHeight(),
                    loaded.data().imageWidth(), spec, config);
        } else {
            spec = runConfig.architecture();
        }
        TrainingConfig config = runConfig.training();
        checkData(loaded, source, spec, config);
        RunData parts = RunData.split(loaded, runConfig.trainLimit(), runConfig.testFraction(), config);
        DataSet shown = shownSet(parts, config);

        // 3. the model, its objective and the trainer
        RandomStreams streams = RandomStreams.of(config.seed());
        Vae vae = new Vae(spec, streams.initialization());
        Objective objective = switch (config.objective()) {
            case IWAE -> new Iwae(vae, config.samples());
            case ELBO -> new Elbo(vae, config.samples(), Elbo.KlEstimator.ANALYTIC);
            case ELBO_MC_KL -> new Elbo(vae, config.samples(), Elbo.KlEstimator.MONTE_CARLO);
        };
        ProgressListener display = ProgressDisplay.create(ctx, progress);
        PictureRefresh refresh = new PictureRefresh(run, vae, shown, pictures, ctx.nanoClock());
        Trainer trainer = Trainer.builder(objective, config)
                .trainingData(parts.train())
                .validationData(parts.validation())
                .architecture(spec.toJson())
                .listener(refresh) // first: the display then times the next epoch from after the drawing
                .listener(new TrainingProgress(display, config.batchSize()))
                .build();
        DataSet fitted = trainer.trainingData();
        if (fitted.size() == 0 || trainer.batchesPerEpoch() == 0) {
            throw new UserException(source.displayName() + ": " + fitted.size() + " training examples make no batch "
                    + "of " + config.batchSize() + " (lower --batch, or --valid-fraction / --test-fraction)");
        }
        // p(x|z) starts at the data's marginal (the decoder's output bias at the logit of the mean)
        vae.initFromData(fitted.data(), fitted.size());
        int firstEpoch = 1;
        if (resume) {
            trainer.resumeFrom(run.file(RunFolder.CHECKPOINT));
            firstEpoch = checkpoint.epoch() + 1;
        } else if (force) {
            run.clear();
        }
        Files.createDirectories(run.dir());
        run.writeConfig(runConfig);

        // 4. train, stopping cleanly on Ctrl-C / SIGTERM
        ctx.status(String.format(Locale.ROOT, "%s %s: %,d training, %,d validation, %,d test examples; %s; "
                + "%d thread%s; run folder %s", resume ? "resuming" : "training", describe(spec, config),
                fitted.size(), parts.validation().size(), parts.test().size(), describeObjective(config),
                threadCount, threadCount == 1 ? "" : "s", run.dir()));
        if (resume) {
            ctx.status("continuing after epoch " + checkpoint.epoch() + " of " + config.epochs());
        }
        stopGuard = StopOnSignal.install(trainer::requestStop);
        long trainStart = ctx.nanoClock().getAsLong();
        TrainingResult result;
        try {
            result = trainer.run();
        } finally {
            display.finish();
        }
        double trainSeconds = (ctx.nanoClock().getAsLong() - trainStart) * 1e-9;

        // 5. pictures of the final model, and the result
        List<Path> drawn = new ArrayList<>();
        boolean stopped = result.stopped();
        if (!stopped && !pictures.equals("none")) {
            if (refresh.lastDrawn() != null && refresh.drawnEpoch() == result.epochsCompleted()) {
                drawn = refresh.lastDrawn();
            } else {
                drawn = RunPictures.render(run, vae, shown, lastKlPerDimension(result));
            }
        }
        if (stopped) {
            ctx.status("stopped " + (stopGuard != null && stopGuard.signalled() ? "by a signal " : "") + "after epoch "
                    + result.epochsCompleted() + " of " + config.epochs() + "; " + run.file(RunFolder.CHECKPOINT)
                    + " holds epoch " + result.epochsCompleted());
            ctx.status("continue with: elbo train --resume --out " + run.dir());
        }
        CommandResult cr = result(run, config, result, firstEpoch, trainer.batchesPerEpoch(), trainSeconds,
                (ctx.nanoClock().getAsLong() - commandStart) * 1e-9, drawn, stopped);
        return new Outcome(cr, run, vae, parts, config, result, stopped);
    }

    /** Option values that no parser checks. */
    private void checkOptions() {
        if (!List.of("auto", "epoch", "end", "none").contains(pictures)) {
            throw new UsageException("--pictures '" + pictures + "': expected auto, epoch, end or none");
        }
        if (resume && force) {
            throw new UsageException("--resume and --force cannot be combined");
        }
        if (epochs < 1) {
            throw new UsageException("--epochs " + epochs + ": must be at least 1");
        }
        if (!resume) {
            if (batch < 1 || samples < 1 || warmup < 0 || validateEvery < 1 || trainLimit < 0) {
                throw new UsageException("--batch, --samples and --validate-every must be at least 1, --warmup and "
                        + "--train-limit at least 0");
            }
            if (!(validFraction >= 0 && validFraction < 1) || !(testFraction >= 0 && testFraction < 1)) {
                throw new UsageException("--valid-fraction and --test-fraction must be in [0, 1)");
            }
            if (!(lr > 0) || !(beta >= 0) || !(clip >= 0) || !(weightDecay >= 0)) {
                throw new UsageException("--lr must be positive; --beta, --clip and --weight-decay at least 0");
            }
            if (!List.of("auto", "dynamic", "fixed", "none").contains(binarize.toLowerCase(Locale.ROOT))) {
                throw new UsageException("--binarize '" + binarize + "': expected auto, dynamic, fixed or none");
            }
        }
    }

    /** {@code --threads}: 0 means every core. */
    static int threads(int option) {
        if (option < 0 || option > Parallel.MAX_THREADS) {
            throw new UsageException("--threads " + option + ": expected 0 (all cores) to " + Parallel.MAX_THREADS);
        }
        return option == 0 ? Runtime.getRuntime().availableProcessors() : option;
    }

    private TrainingConfig config(VaeSpec spec, int threadCount) {
        Binarization b;
        String how = binarize.toLowerCase(Locale.ROOT);
        if (how.equals("auto")) {
            b = spec.likelihood().kind() == LikelihoodSpec.Kind.BERNOULLI ? Binarization.DYNAMIC : Binarization.NONE;
        } else {
            b = Binarization.valueOf(how.toUpperCase(Locale.ROOT));
        }
        ObjectiveKind objective = objectiveKind();
        OptimizerConfig opt = optimizer == OptimizerConfig.Kind.ADAM ? OptimizerConfig.adam()
                : OptimizerConfig.sgd(momentum, false);
        try {
            opt = new OptimizerConfig(opt.kind(), opt.beta1(), opt.beta2(), opt.epsilon(), momentum, opt.nesterov(),
                    weightDecay);
            return TrainingConfig.defaults().toBuilder()
                    .epochs(epochs).batchSize(batch).learningRate(lr).schedule(ModelOptions.schedule(schedule))
                    .optimizer(opt).clipNorm(clip).samples(samples)
                    .objective(objective).beta(beta).klWarmupEpochs(warmup)
                    .binarization(b).seed(seed).threads(threadCount).validationFraction(validFraction)
                    .validateEvery(validateEvery).outputDirectory(out.toAbsolutePath().toString())
                    .build();
        } catch (UsageException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new UsageException(Main.oneLine(e.getMessage()).replaceFirst("^training config: ", ""));
        }
    }

    /** What the model needs of the data, checked on the whole source, so that rows are the file's rows. */
    static void checkData(DataLoaders.Loaded loaded, DataSource source, VaeSpec spec, TrainingConfig config) {
        boolean bernoulli = spec.likelihood().kind() == LikelihoodSpec.Kind.BERNOULLI;
        boolean binarizes = config.binarization() != Binarization.NONE;
        if (loaded.data().dimension() != spec.inputDim()) {
            throw new UserException(source.displayName() + ": examples of " + loaded.data().dimension()
                    + " values, but the model takes " + spec.inputDim());
        }
        if (bernoulli || binarizes) {
            String why = binarizes ? "--binarize " + config.binarization().name().toLowerCase(Locale.ROOT)
                    : "a Bernoulli likelihood";
            requireUnitInterval(loaded.data(), source.location(), why);
            if (loaded.test() != null) {
                requireUnitInterval(loaded.test(), source.location() + " (test set)", why);
            }
        }
    }

    private static void requireUnitInterval(DataSet data, String where, String why) {
        double[] v = data.data();
        int d = data.dimension();
        for (int k = 0; k < v.length; k++) {
            if (!(v[k] >= 0 && v[k] <= 1)) {
                throw new UserException(where + ": example "
                        + (k / d + 1) + ", column " + (k % d + 1) + ": value " + v[k] + " is outside [0, 1], which "
                        + why + " needs (for other data: --likelihood gaussian --binarize none)");
            }
        }
    }

    /** The examples the pictures show: test, else validation, else training (as evaluated). */
    static DataSet shownSet(RunData parts, TrainingConfig config) {
        RunData.Split split = parts.test().size() > 0 ? RunData.Split.TEST
                : parts.validation().size() > 0 ? RunData.Split.VALID : RunData.Split.TRAIN;
        return parts.evaluation(split, config);
    }

    private static VaeSpec architecture(RunFolder run, Checkpoint checkpoint) throws DataFormatException {
        if (checkpoint.architecture() == null) {
            throw new DataFormatException(run.file(RunFolder.CHECKPOINT), "metadata 'architecture'",
                    "missing: not a checkpoint written by 'elbo train'");
        }
        try {
            return VaeSpec.fromJson(checkpoint.architecture());
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(run.file(RunFolder.CHECKPOINT), "metadata 'architecture'",
                    Main.oneLine(e.getMessage()));
        }
    }

    private static double[] lastKlPerDimension(TrainingResult r) {
        EpochMetrics last = r.last();
        return last == null ? new double[0] : last.klPerDimension();
    }

    /** {@code 784-200-200-50 tanh, bernoulli}. */
    static String describe(VaeSpec spec, TrainingConfig config) {
        StringBuilder b = new StringBuilder().append(spec.inputDim());
        for (int h : spec.encoderHidden()) {
            b.append('-').append(h);
        }
        b.append('-').append(spec.latentDim());
        if (!spec.decoderHidden().equals(reversed(spec.encoderHidden()))) {
            b.append(" (decoder");
            for (int h : spec.decoderHidden()) {
                b.append(' ').append(h);
            }
            b.append(')');
        }
        return b.append(' ').append(spec.activation().jsonName()).append(", ").append(spec.likelihood()).toString();
    }

    private static List<Integer> reversed(List<Integer> l) {
        List<Integer> r = new ArrayList<>(l);
        java.util.Collections.reverse(r);
        return r;
    }

    private ObjectiveKind objectiveKind() {
        String how = kl.toLowerCase(Locale.ROOT);
        if (!how.equals("analytic") && !how.equals("mc")) {
            throw new UsageException("--kl '" + kl + "': expected analytic or mc");
        }
        if (iwae) {
            if (how.equals("mc")) {
                throw new UsageException("--kl mc applies to the ELBO; the IWAE bound has no separate KL term");
            }
            return ObjectiveKind.IWAE;
        }
        return how.equals("mc") ? ObjectiveKind.ELBO_MC_KL : ObjectiveKind.ELBO;
    }

    static String describeObjective(TrainingConfig c) {
        String bound = c.objective() == ObjectiveKind.IWAE ? "IWAE with k = " + c.samples()
                : "ELBO with " + c.samples() + " sample" + (c.samples() == 1 ? "" : "s")
                        + (c.objective() == ObjectiveKind.ELBO_MC_KL ? " (Monte Carlo KL)" : "");
        return bound + (c.beta() != 1 ? ", β = " + c.beta() : "") + (c.klWarmupEpochs() > 0 ? ", KL warm-up "
                + c.klWarmupEpochs() + " epochs" : "") + ", batch " + c.batchSize() + ", lr " + c.learningRate()
                + ", " + c.binarization().name().toLowerCase(Locale.ROOT) + " binarization, seed " + c.seed();
    }

    private static String safeName(String s) {
        String n = s.replaceAll("\\.[A-Za-z0-9]+$", "").replaceAll("[^A-Za-z0-9_-]+", "-");
        return n.isEmpty() ? "run" : n;
    }

    /** The JSON and the text of a finished (or stopped) run. */
    private static CommandResult result(RunFolder run, TrainingConfig config, TrainingResult r, int firstEpoch,
            int batchesPerEpoch, double trainSeconds, double totalSeconds, List<Path> drawn, boolean stopped) {
        EpochMetrics last = r.last();
        // examples per second of the training loop alone: this run's epochs, their training time only
        double examples = 0;
        double loopSeconds = 0;
        for (EpochMetrics m : r.history()) {
            if (m.epoch() >= firstEpoch && m.examplesPerSecond() > 0) {
                double n = (double) batchesPerEpoch * config.batchSize();
                examples += n;
                loopSeconds += n / m.examplesPerSecond();
            }
        }
        double rate = loopSeconds > 0 ? examples / loopSeconds : Double.NaN;
        JsonObject json = new JsonObject();
        json.addProperty("run", run.dir().toString());
        json.addProperty("epochs", r.epochsCompleted());
        json.addProperty("stopped", stopped);
        CommandResult.number(json, "train_elbo", last == null ? Double.NaN : last.trainBound());
        CommandResult.number(json, "train_reconstruction", last == null ? Double.NaN : last.trainReconstruction());
        CommandResult.number(json, "kl", last == null ? Double.NaN : last.trainKl());
        CommandResult.number(json, "valid_elbo", last == null ? Double.NaN : last.validBound());
        CommandResult.number(json, "valid_kl", last == null ? Double.NaN : last.validKl());
        json.addProperty("active_units", last == null ? -1 : last.activeUnits());
        CommandResult.number(json, "examples_per_second", rate);
        CommandResult.number(json, "seconds", trainSeconds);
        CommandResult.number(json, "total_seconds", totalSeconds);
        json.addProperty("threads", config.threads());
        json.addProperty("checkpoint", run.file(RunFolder.CHECKPOINT).toString());
        json.addProperty("metrics", run.file(RunFolder.METRICS).toString());
        JsonArray pics = new JsonArray();
        drawn.forEach(p -> pics.add(p.toString()));
        json.add("pictures", pics);

        StringBuilder text = new StringBuilder();
        if (last == null) {
            text.append("no epoch completed; nothing saved in ").append(run.dir()).append('\n');
        } else {
            text.append(String.format(Locale.ROOT, "%s %d epoch%s in %s (%,.0f examples/s)%n",
                    stopped ? "stopped after" : "trained", r.epochsCompleted(), r.epochsCompleted() == 1 ? "" : "s",
                    ProgressDisplay.formatDuration(trainSeconds), rate));
            text.append(String.format(Locale.ROOT, "  train ELBO %s  (reconstruction %s, KL %s)%n",
                    ProgressDisplay.formatNats(last.trainBound()), ProgressDisplay.formatNats(last.trainReconstruction()),
                    ProgressDisplay.formatNats(last.trainKl())));
            if (last.validated()) {
                text.append(String.format(Locale.ROOT, "  valid ELBO %s  (reconstruction %s, KL %s)%n",
                        ProgressDisplay.formatNats(last.validBound()),
                        ProgressDisplay.formatNats(last.validReconstruction()),
                        ProgressDisplay.formatNats(last.validKl())));
            }
            if (last.activeUnits() >= 0) {
                text.append("  active units ").append(last.activeUnits()).append(" (KL above ")
                        .append(EpochMetrics.ACTIVE_UNIT_KL).append(" nats)\n");
            }
            text.append("run folder ").append(run.dir()).append('\n');
            text.append("  ").append(RunFolder.CHECKPOINT).append("  ").append(RunFolder.METRICS).append("  ")
                    .append(RunFolder.CONFIG).append('\n');
            if (!drawn.isEmpty()) {
                text.append(" ");
                for (Path p : drawn) {
                    text.append(' ').append(p.getFileName());
                }
                text.append('\n');
            }
        }
        return new CommandResult(json, text.toString());
    }

    /**
     * Redraws the pictures after an epoch, from the model as the checkpoint holds it: after every
     * epoch ({@code epoch}), or ({@code auto}) when the time since the last drawing is at least
     * nine times what the drawing took, so that it costs at most a tenth of the run.
     */
    static final class PictureRefresh implements TrainingListener {
        private final RunFolder run;
        private final Vae vae;
        private final DataSet shown;
        private final String mode;
        private final java.util.function.LongSupplier clock;
        private List<Path> lastDrawn;
        private int drawnEpoch;
        private long lastEnd;
        private long lastCost;

        PictureRefresh(RunFolder run, Vae vae, DataSet shown, String mode, java.util.function.LongSupplier clock) {
            this.run = run;
            this.vae = vae;
            this.shown = shown;
            this.mode = mode;
            this.clock = clock;
            this.lastEnd = clock.getAsLong();
        }

        @Override
        public void epochFinished(EpochMetrics metrics) {
            long now = clock.getAsLong();
            boolean due = mode.equals("epoch") || mode.equals("auto") && now - lastEnd >= 9 * lastCost;
            if (!due) {
                return;
            }
            try {
                lastDrawn = RunPictures.render(run, vae, shown, metrics.klPerDimension());
                drawnEpoch = metrics.epoch();
            } catch (IOException | DataFormatException e) {
                throw new java.io.UncheckedIOException(e instanceof IOException io ? io
                        : new IOException(e.getMessage(), e));
            }
            lastEnd = clock.getAsLong();
            lastCost = lastEnd - now;
        }

        List<Path> lastDrawn() {
            return lastDrawn;
        }

        int drawnEpoch() {
            return drawnEpoch;
        }
    }
}
