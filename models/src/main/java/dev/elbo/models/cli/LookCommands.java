package dev.elbo.models.cli;

import com.google.gson.JsonObject;
import dev.elbo.autodiff.Tape;
import dev.elbo.core.Parallel;
import dev.elbo.core.Rng;
import dev.elbo.core.io.AtomicFiles;
import dev.elbo.models.data.DataSet;
import dev.elbo.models.dist.DiagonalGaussian;
import dev.elbo.models.vae.Vae;
import dev.elbo.models.viz.ImageGrids;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The commands that look inside a trained model: {@code sample}, {@code reconstruct},
 * {@code encode}, {@code interpolate}. Each reads the run's checkpoint ({@code --run DIR}) and
 * writes one file, atomically (default: into the run folder).
 */
final class LookCommands {
    private LookCommands() {}

    /** The picture shape of the run's examples, or a usage error for data that are not images. */
    static int[] imageShape(RunFolder.Model model, String command) {
        RunConfig c = model.config();
        if (c.imageHeight() <= 0 || c.imageWidth() <= 0) {
            throw new UserException("the run's examples are not images (" + c.data().displayName() + "): '"
                    + command + "' draws pictures; 'elbo encode' works on any data");
        }
        return new int[] {c.imageHeight(), c.imageWidth()};
    }

    static JsonObject fileResult(Path file) {
        JsonObject json = new JsonObject();
        json.addProperty("file", file.toString());
        return json;
    }

    @Command(name = "sample", sortOptions = false,
            description = {"Draw z ~ p(z) = N(0, I) and decode: a grid of pictures from the prior.", ""},
            footer = {"", "Example:  elbo sample --run runs/mnist --n 100 --seed 7"})
    static final class Sample extends ElboSubcommand {
        @Option(names = "--run", paramLabel = "DIR", required = true, description = "The run folder (elbo train --out).")
        Path run;

        @Option(names = "--n", paramLabel = "N", defaultValue = "64",
                description = "How many samples. Default: ${DEFAULT-VALUE}.")
        int n;

        @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of the draws. Default: ${DEFAULT-VALUE}.")
        long seed;

        @Option(names = "--draw",
                description = "Show a draw x ~ p(x|z) (e.g. binary pixels) instead of the decoder's mean E[x|z].")
        boolean draw;

        @Option(names = "--out", paramLabel = "FILE.png", description = "Where to write (default: RUN/sample-seedS.png).")
        Path out;

        @Override
        protected CommandResult execute() throws Exception {
            if (n < 1) {
                throw new UsageException("--n " + n + ": must be at least 1");
            }
            RunFolder folder = new RunFolder(run);
            RunFolder.Model model = folder.loadModel();
            int[] shape = imageShape(model, "sample");
            Path file = out != null ? out : folder.file("sample-seed" + seed + ".png");
            double[] x = model.vae().sampleFromPrior(n, new Rng(seed), draw);
            ImageGrids.samples(file, clamp(x), n, shape[0], shape[1], draw
                    ? "Draws x ~ p(x|z) for z ~ p(z)" : "Decoder means E[x|z] for z ~ p(z)");
            JsonObject json = fileResult(file);
            json.addProperty("n", n);
            json.addProperty("seed", seed);
            json.addProperty("mean", !draw);
            return new CommandResult(json, file.toString());
        }
    }

    @Command(name = "reconstruct", sortOptions = false,
            description = {"Encode examples and decode them again: each original above E[x | z = μ(x)].", ""},
            footer = {"", "Example:  elbo reconstruct --run runs/mnist --n 20 --start 100"})
    static final class Reconstruct extends ElboSubcommand {
        @Option(names = "--run", paramLabel = "DIR", required = true, description = "The run folder (elbo train --out).")
        Path run;

        @Mixin
        RunDataOptions input;

        @Option(names = "--n", paramLabel = "N", defaultValue = "30",
                description = "How many examples. Default: ${DEFAULT-VALUE}.")
        int n;

        @Option(names = "--start", paramLabel = "I", defaultValue = "0",
                description = "Index of the first example in the split (0-based). Default: ${DEFAULT-VALUE}.")
        int start;

        @Option(names = "--out", paramLabel = "FILE.png",
                description = "Where to write (default: RUN/reconstruct-SPLIT.png).")
        Path out;

        @Override
        protected CommandResult execute() throws Exception {
            if (n < 1 || start < 0) {
                throw new UsageException("--n must be at least 1 and --start at least 0");
            }
            RunFolder folder = new RunFolder(run);
            RunFolder.Model model = folder.loadModel();
            int[] shape = imageShape(model, "reconstruct");
            DataSet data = input.load(context(), model);
            if (start + n > data.size()) {
                throw new UsageException("--start " + start + " --n " + n + ": " + input.describe(model) + " has "
                        + data.size() + " examples");
            }
            int d = data.dimension();
            double[] x = Arrays.copyOfRange(data.data(), start * d, (start + n) * d);
            double[] rec = model.vae().reconstruct(x, n);
            Path file = out != null ? out : folder.file("reconstruct-" + input.split.label() + ".png");
            ImageGrids.reconstructions(file, clamp(x), clamp(rec), n, shape[0], shape[1], 10);
            JsonObject json = fileResult(file);
            json.addProperty("n", n);
            json.addProperty("start", start);
            return new CommandResult(json, file.toString());
        }
    }

    @Command(name = "encode", sortOptions = false,
            description = {"Write the latent means μ(x) of a split to CSV.", "",
                "One line per example: index,label,mu_1..mu_L, and with --log-var the posterior's log-variances "
                        + "logvar_1..logvar_L. Written atomically.", ""},
            footer = {"", "Example:  elbo encode --run runs/mnist --split test --out codes.csv --log-var"})
    static final class Encode extends ElboSubcommand {
        @Option(names = "--run", paramLabel = "DIR", required = true, description = "The run folder (elbo train --out).")
        Path run;

        @Mixin
        RunDataOptions input;

        @Option(names = "--log-var", description = "Also write log σ²(x), the posterior's log-variances.")
        boolean logVar;

        @Option(names = "--out", paramLabel = "FILE.csv", description = "Where to write (default: RUN/latent-SPLIT.csv).")
        Path out;

        @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
                description = "Threads (0 = all cores). Default: ${DEFAULT-VALUE}.")
        int threads;

        @Override
        protected CommandResult execute() throws Exception {
            Parallel.setThreads(TrainCommand.threads(threads));
            RunFolder folder = new RunFolder(run);
            RunFolder.Model model = folder.loadModel();
            DataSet data = input.load(context(), model);
            Vae vae = model.vae();
            int n = data.size();
            int d = data.dimension();
            int l = vae.latentDim();
            Path file = out != null ? out : folder.file("latent-" + input.split.label() + ".csv");
            Tape tape = new Tape();
            tape.setGradEnabled(false);
            DiagonalGaussian q = new DiagonalGaussian();
            int chunk = 1000;
            AtomicFiles.write(file, stream -> {
                Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
                StringBuilder line = new StringBuilder("index,label");
                for (int j = 1; j <= l; j++) {
                    line.append(",mu_").append(j);
                }
                if (logVar) {
                    for (int j = 1; j <= l; j++) {
                        line.append(",logvar_").append(j);
                    }
                }
                w.write(line.append('\n').toString());
                for (int first = 0; first < n; first += chunk) {
                    int rows = Math.min(chunk, n - first);
                    tape.reset();
                    vae.encode(tape, tape.constant("x", rows, d, data.data(), first * d), q);
                    double[] mu = q.mu().value();
                    double[] lv = q.logVar().value();
                    for (int i = 0; i < rows; i++) {
                        line.setLength(0);
                        line.append(first + i).append(',');
                        if (data.hasLabels()) {
                            line.append(data.labels()[first + i]);
                        }
                        for (int j = 0; j < l; j++) {
                            line.append(',').append(mu[i * l + j]);
                        }
                        if (logVar) {
                            for (int j = 0; j < l; j++) {
                                line.append(',').append(lv[i * l + j]);
                            }
                        }
                        w.write(line.append('\n').toString());
                    }
                }
                w.flush();
            });
            JsonObject json = fileResult(file);
            json.addProperty("n", n);
            json.addProperty("latent", l);
            return new CommandResult(json, file.toString());
        }
    }

    @Command(name = "interpolate", sortOptions = false,
            description = {"Walk in latent space from one example to another, as a strip of pictures.", "",
                "Decodes z = (1 − t)·μ(a) + t·μ(b) for t from 0 to 1 (the decoder's means).", ""},
            footer = {"", "Example:  elbo interpolate --run runs/mnist --from 0 --to 7 --steps 12"})
    static final class Interpolate extends ElboSubcommand {
        @Option(names = "--run", paramLabel = "DIR", required = true, description = "The run folder (elbo train --out).")
        Path run;

        @Mixin
        RunDataOptions input;

        @Option(names = "--from", paramLabel = "A", defaultValue = "0",
                description = "Index of the first example in the split. Default: ${DEFAULT-VALUE}.")
        int from;

        @Option(names = "--to", paramLabel = "B", defaultValue = "1",
                description = "Index of the second example. Default: ${DEFAULT-VALUE}.")
        int to;

        @Option(names = "--steps", paramLabel = "N", defaultValue = "10",
                description = "Pictures in the strip, both ends included. Default: ${DEFAULT-VALUE}.")
        int steps;

        @Option(names = "--out", paramLabel = "FILE.png",
                description = "Where to write (default: RUN/interpolate-A-B.png).")
        Path out;

        @Override
        protected CommandResult execute() throws Exception {
            if (steps < 2) {
                throw new UsageException("--steps " + steps + ": must be at least 2");
            }
            RunFolder folder = new RunFolder(run);
            RunFolder.Model model = folder.loadModel();
            int[] shape = imageShape(model, "interpolate");
            DataSet data = input.load(context(), model);
            for (int i : new int[] {from, to}) {
                if (i < 0 || i >= data.size()) {
                    throw new UsageException("example " + i + " is not in " + input.describe(model) + " (0 to "
                            + (data.size() - 1) + ")");
                }
            }
            Vae vae = model.vae();
            int d = data.dimension();
            int l = vae.latentDim();
            double[] ends = new double[2 * d];
            data.copyRow(from, ends, 0);
            data.copyRow(to, ends, d);
            double[] mu = vae.latentMeans(ends, 2);
            double[] z = new double[steps * l];
            for (int s = 0; s < steps; s++) {
                double t = (double) s / (steps - 1);
                for (int j = 0; j < l; j++) {
                    z[s * l + j] = (1 - t) * mu[j] + t * mu[l + j];
                }
            }
            double[] frames = vae.decodeMeans(z, steps);
            Path file = out != null ? out : folder.file(String.format(Locale.ROOT, "interpolate-%d-%d.png", from, to));
            ImageGrids.interpolation(file, clamp(frames), 1, steps, shape[0], shape[1]);
            JsonObject json = fileResult(file);
            json.addProperty("from", from);
            json.addProperty("to", to);
            json.addProperty("steps", steps);
            return new CommandResult(json, file.toString());
        }
    }

    /** Intensities for display: a Gaussian decoder's mean may leave [0, 1]. */
    static double[] clamp(double[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Double.isNaN(x[i]) ? 0 : Math.max(0, Math.min(1, x[i]));
        }
        return out;
    }
}
