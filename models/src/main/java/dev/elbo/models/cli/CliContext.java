package dev.elbo.models.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What a command runs in: where results and messages go, the environment variables, the user's
 * home, the clock, and whether standard error is a terminal. {@link Main} builds the real one;
 * tests build one over {@code StringWriter}s, a map and a fake clock.
 *
 * <p>Output convention: the <em>result</em> of a command goes to {@link #out()} (standard
 * output), either as text or, with {@code --json}, as one JSON object; everything else — status
 * lines, progress, warnings, errors — goes to {@link #err()} (standard error), so that
 * {@code elbo ... --json | jq} and {@code dir=$(elbo data path mnist)} see only the result.
 */
public final class CliContext {
    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, String> env;
    private final Path home;
    private final LongSupplier nanoClock;
    private final boolean errIsTerminal;
    private final List<DatasetSpec> datasets;

    /** Set by the global options of {@link ElboCommand} while parsing. */
    boolean verbose;
    boolean json;

    public CliContext(PrintWriter out, PrintWriter err, Map<String, String> env, Path home,
            LongSupplier nanoClock, boolean errIsTerminal, List<DatasetSpec> datasets) {
        this.out = out;
        this.err = err;
        this.env = Map.copyOf(env);
        this.home = home;
        this.nanoClock = nanoClock;
        this.errIsTerminal = errIsTerminal;
        this.datasets = List.copyOf(datasets);
    }

    /** The context of a real run: standard streams, the process environment, the system clock. */
    public static CliContext system() {
        PrintWriter out = writer(System.out, "stdout");
        PrintWriter err = writer(System.err, "stderr");
        Map<String, String> env = System.getenv();
        return new CliContext(out, err, env, Path.of(System.getProperty("user.home")), System::nanoTime,
                stderrIsTerminal(env), Datasets.ALL);
    }

    /** Standard output: results only. */
    public PrintWriter out() {
        return out;
    }

    /** Standard error: messages, progress, errors. */
    public PrintWriter err() {
        return err;
    }

    /** An environment variable, or null. */
    public String env(String name) {
        return env.get(name);
    }

    /** The user's home folder. */
    public Path home() {
        return home;
    }

    /** Monotonic time in nanoseconds. */
    public LongSupplier nanoClock() {
        return nanoClock;
    }

    /** Whether standard error is an interactive terminal that understands carriage returns. */
    public boolean errIsTerminal() {
        return errIsTerminal;
    }

    /** The data sets {@code elbo data} knows ({@link Datasets#ALL}; tests add small fakes). */
    public List<DatasetSpec> datasets() {
        return datasets;
    }

    /** The known data set called {@code name} (any case), or null. */
    public DatasetSpec dataset(String name) {
        for (DatasetSpec d : datasets) {
            if (d.name().equalsIgnoreCase(name)) {
                return d;
            }
        }
        return null;
    }

    /** Whether {@code --verbose} was given. */
    public boolean verbose() {
        return verbose;
    }

    /** Whether {@code --json} was given. */
    public boolean json() {
        return json;
    }

    /** Writes one status line to standard error. */
    public void status(String line) {
        err.println(line);
        err.flush();
    }

    /** Writes a status line only with {@code --verbose}. */
    public void detail(String line) {
        if (verbose) {
            status(line);
        }
    }

    /**
     * The launcher knows best ({@code [ -t 2 ]}, passed as {@code -Delbo.stderr.tty}); a bare
     * {@code java -jar} falls back to {@link System#console()}, which looks at standard input
     * and output. A dumb terminal (Emacs shell, some CI) gets plain lines either way.
     */
    static boolean stderrIsTerminal(Map<String, String> env) {
        if ("dumb".equals(env.get("TERM"))) {
            return false;
        }
        String fromLauncher = System.getProperty("elbo.stderr.tty");
        if (fromLauncher != null) {
            return Boolean.parseBoolean(fromLauncher);
        }
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        // JDK 22+ returns a console even when redirected; isTerminal() tells (absent before 22)
        try {
            Method isTerminal = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** A writer with the encoding the JVM chose for this standard stream. */
    private static PrintWriter writer(PrintStream stream, String name) {
        String encoding = System.getProperty(name + ".encoding"); // JDK 19+
        if (encoding == null) {
            encoding = System.getProperty("sun." + name + ".encoding"); // JDK 17, on a console
        }
        Charset charset;
        try {
            charset = encoding != null ? Charset.forName(encoding) : Charset.defaultCharset();
        } catch (RuntimeException e) {
            charset = Charset.defaultCharset();
        }
        return new PrintWriter(new OutputStreamWriter(stream, charset), false);
    }
}
