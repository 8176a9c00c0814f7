package dev.elbo.models.cli;

import com.google.gson.JsonObject;
import dev.elbo.core.Parallel;
import dev.elbo.core.io.DataFormatException;
import dev.elbo.models.data.DataSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code elbo eval}: how well a trained model explains held-out data. */
@Command(name = "eval",
        sortOptions = false,
        description = {
            "Score a trained model: ELBO, IWAE bound and log p(x), with standard errors.",
            "",
            "All in nats per example, averaged over the examples of a split (higher is better):",
            "",
            "  elbo    the evidence lower bound E_q[log p(x|z)] - KL(q(z|x) || p(z)),",
            "          one sample z per example, the KL in closed form;",
            "  log_px  the importance-sampled estimate of log p(x) with k samples",
            "          z ~ q(z|x): log (1/k) sum_i p(x|z_i) p(z_i) / q(z_i|x);",
            "  iwae    the importance-weighted bound IWAE_k: the same number as log_px",
            "          (the log-mean of the same k weights), read as a bound:",
            "          ELBO <= IWAE_k <= log p(x) on average, tight as k grows.",
            "",
            "Each mean comes with its standard error across examples (sd / sqrt(n)); log_px also with its Monte "
                    + "Carlo error (sqrt(sum of per-example SE^2) / n, from the spread of the k weights) and the "
                    + "smallest effective sample size of the weights (near 1: one sample dominates, trust it less).",
            "",
            "The test set is binarized once with a fixed seed (see 'elbo data binarize-test'), so every run is "
                    + "scored on the same digits.",
            ""
        },
        footer = {"", "Examples:",
            "  elbo eval --run runs/mnist",
            "  elbo eval --run runs/mnist --k 100 --limit 1000 --json",
            "  elbo eval --run runs/mnist --per-example test-scores.csv"})
final class EvalCommand extends ElboSubcommand {
    @Option(names = "--run", paramLabel = "DIR", required = true, description = "The run folder (elbo train --out).")
    Path run;

    @Mixin
    RunDataOptions input;

    @Option(names = "--k", paramLabel = "K", defaultValue = "5000",
            description = "Importance samples per example for log_px and iwae. Default: ${DEFAULT-VALUE} (as in the "
                    + "IWAE paper); the time grows linearly with k.")
    int k;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the samples z. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--per-example", paramLabel = "FILE.csv",
            description = "Also write index,label,elbo,log_px,stderr,ess for every example (default: no such file).")
    Path perExample;

    @Option(names = "--binarized", paramLabel = "FILE",
            description = "Score these examples instead of the split: raw bytes, each 0 or 1, one example after "
                    + "the other (as 'elbo data binarize-test' and bench/torch_vae.py write them). Default: the split.")
    Path binarized;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Threads for the matrix products (0 = all cores); changes no number. "
                    + "Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "auto, bar, lines or none. Default: ${DEFAULT-VALUE}.")
    ProgressDisplay.Mode progress;

    @Override
    protected CommandResult execute() throws Exception {
        CliContext ctx = context();
        if (k < 1) {
            throw new UsageException("--k " + k + ": must be at least 1");
        }
        Parallel.setThreads(TrainCommand.threads(threads));
        RunFolder.Model model = new RunFolder(run).loadModel();
        DataSet data;
        String what;
        if (binarized != null) {
            data = RunData.first(readBinarized(binarized, model.vae().inputDim()), input.limit);
            what = binarized.toString();
        } else {
            data = input.load(ctx, model);
            what = input.describe(model);
        }
        Evaluator.Scores s = evaluate(ctx, model, data, what, k, seed, progress);
        if (perExample != null) {
            s.writeCsv(perExample);
        }
        return result(s, what, input.split.label(), perExample, model.epoch(), model.vae().latentDim());
    }

    /** Scores with progress and a status line first (shared with {@code demo}). */
    static Evaluator.Scores evaluate(CliContext ctx, RunFolder.Model model, DataSet data, String what, int k, long seed,
            ProgressDisplay.Mode progress) {
        ctx.status(String.format(Locale.ROOT, "evaluating %s: %,d examples, k = %d importance samples each",
                what, data.size(), k));
        TaskProgress bar = TaskProgress.create(ctx, progress, "log p(x)", data.size());
        try {
            return Evaluator.score(model.vae(), data, k, seed, bar);
        } finally {
            bar.finish();
        }
    }

    static CommandResult result(Evaluator.Scores s, String what, String split, Path perExample, int epoch,
            int latent) {
        JsonObject json = new JsonObject();
        json.addProperty("data", what);
        json.addProperty("split", split);
        json.addProperty("epoch", epoch);
        json.addProperty("n", s.n());
        json.addProperty("k", s.k());
        CommandResult.number(json, "elbo", s.meanElbo());
        CommandResult.number(json, "elbo_stderr", Evaluator.standardError(s.elbo()));
        CommandResult.number(json, "reconstruction", Evaluator.mean(s.reconstruction()));
        CommandResult.number(json, "kl", Evaluator.mean(s.kl()));
        CommandResult.number(json, "iwae", s.meanLogPx());
        CommandResult.number(json, "log_px", s.meanLogPx());
        CommandResult.number(json, "log_px_stderr", Evaluator.standardError(s.logPx()));
        CommandResult.number(json, "log_px_mc_stderr", s.monteCarloError());
        CommandResult.number(json, "ess_min", s.minEss());
        CommandResult.number(json, "ess_mean", s.meanEss());
        json.addProperty("active_units", s.activeUnits());
        json.addProperty("latent", latent);
        CommandResult.number(json, "seconds", s.seconds());
        if (perExample != null) {
            json.addProperty("per_example", perExample.toString());
        }
        String iwae = "log p(x) ≈ IWAE_" + s.k();
        String text = String.format(Locale.ROOT,
                "%s: %,d examples, k = %d importance samples (%s)%n"
                        + "  %-22s %9.2f ± %.2f  (reconstruction %.2f, KL %.2f)%n"
                        + "  %-22s %9.2f ± %.2f  (Monte Carlo error %.3f; effective sample size min %.1f, mean %.1f)%n"
                        + "  active units %d of %d%n",
                what, s.n(), s.k(), ProgressDisplay.formatDuration(s.seconds()), "ELBO", s.meanElbo(),
                Evaluator.standardError(s.elbo()), Evaluator.mean(s.reconstruction()), Evaluator.mean(s.kl()),
                iwae, s.meanLogPx(), Evaluator.standardError(s.logPx()), s.monteCarloError(), s.minEss(), s.meanEss(),
                s.activeUnits(), latent);
        if (perExample != null) {
            text += "per example: " + perExample + "\n";
        }
        return new CommandResult(json, text);
    }

    /** Raw 0/1 bytes, rows of {@code dim}; every byte checked. */
    static DataSet readBinarized(Path file, int dim) throws IOException, DataFormatException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length == 0 || bytes.length % dim != 0) {
            throw DataFormatException.of(file, bytes.length + " bytes are not whole examples of " + dim
                    + " values (one byte, 0 or 1, per value)");
        }
        double[] values = new double[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (b > 1) {
                throw DataFormatException.atByte(file, i, "value " + b + ", expected 0 or 1 (example " + (i / dim + 1)
                        + ", value " + (i % dim + 1) + ")");
            }
            values[i] = b;
        }
        Path name = file.getFileName();
        return DataSet.of(name == null ? file.toString() : name.toString(), bytes.length / dim, dim, values);
    }
}
