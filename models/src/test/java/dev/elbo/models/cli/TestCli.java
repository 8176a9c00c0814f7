package dev.elbo.models.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the command line in memory: captured streams, a chosen environment and data sets. */
final class TestCli {
    final Map<String, String> env = new HashMap<>();
    final Path home;
    List<DatasetSpec> datasets = Datasets.ALL;
    boolean terminal;
    long nanos;

    TestCli(Path home) {
        this.home = home;
        env.put("PATH", System.getenv().getOrDefault("PATH", ""));
        env.put("ELBO_NPM", "none"); // tests opt in to npm explicitly
    }

    /** The outcome of one run. */
    record Result(int code, String out, String err) {
        List<String> errLines() {
            return err.isEmpty() ? List.of() : List.of(err.split("\n"));
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext ctx = new CliContext(new PrintWriter(out), new PrintWriter(err), env, home, () -> nanos, terminal,
                datasets);
        int code = Main.run(ctx, args);
        return new Result(code, out.toString(), err.toString());
    }
}
