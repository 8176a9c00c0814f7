package dev.elbo.models.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The root command {@code elbo}. It holds the global options, which every subcommand accepts
 * too ({@code scope = INHERIT}): {@code elbo --json data path mnist} and
 * {@code elbo data path mnist --json} mean the same.
 */
@Command(name = "elbo",
        versionProvider = ElboCommand.Version.class,
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "Variational autoencoders in pure Java: train, evaluate and look inside a VAE.",
            ""
        },
        subcommands = {DemoCommand.class, TrainCommand.class, EvalCommand.class, LookCommands.Sample.class,
            LookCommands.Reconstruct.class, LookCommands.Encode.class, LookCommands.Interpolate.class,
            DataCommand.class},
        footer = {
            "",
            "Results go to standard output (one JSON object with --json); messages and progress go "
                    + "to standard error. Exit codes: 0 success, 1 failure (bad data, a missing file, "
                    + "a network error), 2 usage mistake.",
            "",
            "Run 'elbo COMMAND --help' for the options of a command."
        })
public final class ElboCommand implements Runnable {
    private final CliContext context;

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT,
            description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true,
            description = "Print the version of elbo and of Java, then exit.")
    boolean version;

    public ElboCommand(CliContext context) {
        this.context = context;
    }

    CliContext context() {
        return context;
    }

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Say more while working; show the stack trace of an error.")
    void setVerbose(boolean verbose) {
        context.verbose = verbose;
    }

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Print the result as one JSON object on standard output.")
    void setJson(boolean json) {
        context.json = json;
    }

    /** {@code elbo} alone: a usage mistake, answered with the list of commands. */
    @Override
    public void run() {
        throw new MissingCommandException();
    }

    /** Thrown by a command group run without one of its commands. */
    static final class MissingCommandException extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /** {@code --version}: the application's version, the JVM and whether vectors are on. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ElboCommand.class.getPackage().getImplementationVersion();
            boolean vector = !Boolean.getBoolean("elbo.scalar")
                    && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
            return new String[] {
                "elbo " + (version != null ? version : "(development build)"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor")
                        + ", " + System.getProperty("java.home") + ")",
                "Vector API: " + (vector ? "on" : "off (scalar kernels)")
            };
        }
    }
}
