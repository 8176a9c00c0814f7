package dev.elbo.models.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.elbo.core.io.DataFormatException;
import dev.elbo.models.train.TrainingDivergedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Entry point of the {@code elbo} command.
 *
 * <p>Exit codes: {@value #EXIT_OK} success; {@value #EXIT_FAILURE} failure — bad data (the
 * message names the file, the line or byte and what was expected), a missing file, a network
 * error, or a bug (then the message says so and {@code --verbose} shows the stack trace);
 * {@value #EXIT_USAGE} usage mistake (unknown option, missing argument, bad value), with a hint
 * to the command's {@code --help}. Every error is one line on standard error, prefixed by the
 * command ({@code elbo data fetch: ...}); with {@code --json}, standard output also gets one
 * JSON object {@code {"command", "ok": false, "exitCode", "error"}}.
 */
public final class Main {
    private Main() {}

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    /** Serializes results: compact, one object per line; a number that does not exist is null. */
    static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().serializeNulls().disableHtmlEscaping()
            .create();

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int code = run(CliContext.system(), args);
        System.exit(code);
    }

    /** Runs one command line in {@code context}; returns the exit code. Never throws. */
    public static int run(CliContext context, String... args) {
        CommandLine cl = commandLine(context);
        int code;
        try {
            code = cl.execute(args);
        } finally {
            context.out().flush();
            context.err().flush();
        }
        return code;
    }

    /** The configured picocli command tree (also used by tests to inspect the options). */
    static CommandLine commandLine(CliContext context) {
        CommandLine cl = new CommandLine(new ElboCommand(context));
        cl.setOut(context.out());
        cl.setErr(context.err());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOverwrittenOptionsAllowed(true); // the last one wins, as in most tools: scripts can append
        cl.setParameterExceptionHandler((e, args) -> usageError(context, e, args));
        cl.setExecutionExceptionHandler((e, line, parsed) -> failure(context, e, line, args(parsed)));
        return cl;
    }

    private static String[] args(CommandLine.ParseResult parsed) {
        return parsed.originalArgs().toArray(new String[0]);
    }

    /** A usage mistake: one line with a pointer to the right {@code --help}, exit code 2. */
    private static int usageError(CliContext context, ParameterException e, String[] args) {
        String command = commandPath(e.getCommandLine().getCommandSpec());
        String message = lowerFirst(e.getMessage());
        if (e instanceof UnmatchedArgumentException u) {
            List<String> unmatched = u.getUnmatched();
            boolean group = !e.getCommandLine().getSubcommands().isEmpty();
            if (group && !u.isUnknownOption() && !unmatched.isEmpty()) {
                message = "unknown command '" + unmatched.get(0) + "'";
            }
            List<String> suggestions = u.getSuggestions();
            if (!suggestions.isEmpty()) {
                message += " (did you mean " + String.join(" or ", suggestions.subList(0,
                        Math.min(3, suggestions.size()))) + "?)";
            }
        }
        String help = "elbo" + (command.isEmpty() ? "" : " " + command) + " --help";
        return report(context, command, oneLine(message) + "; see '" + help + "'", EXIT_USAGE, null,
                wantsJson(args));
    }

    /** What a command threw: exit code 1 (or 2 for a group run without its command). */
    private static int failure(CliContext context, Exception e, CommandLine line, String[] args) {
        String command = commandPath(line.getCommandSpec());
        boolean json = context.json() || wantsJson(args);
        if (e instanceof ElboCommand.MissingCommandException) {
            line.usage(context.err());
            String help = "elbo" + (command.isEmpty() ? "" : " " + command) + " --help";
            return report(context, command, "missing a command; see '" + help + "'", EXIT_USAGE, null, json);
        }
        if (e instanceof UsageException) {
            String help = "elbo" + (command.isEmpty() ? "" : " " + command) + " --help";
            return report(context, command, oneLine(e.getMessage()) + "; see '" + help + "'", EXIT_USAGE, null, json);
        }
        return report(context, command, describe(e), EXIT_FAILURE, e, json);
    }

    /** The one line that explains {@code e} to a person. */
    static String describe(Throwable e) {
        if (e instanceof UncheckedIOException u) {
            e = u.getCause();
        }
        if (e instanceof DataFormatException || e instanceof UserException
                || e instanceof TrainingDivergedException) {
            return oneLine(e.getMessage());
        }
        if (e instanceof NoSuchFileException f) {
            return f.getFile() + ": no such file or folder";
        }
        if (e instanceof AccessDeniedException f) {
            return f.getFile() + ": permission denied";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + ": already exists";
        }
        if (e instanceof FileSystemException f) {
            return oneLine(f.getMessage());
        }
        if (e instanceof IOException) {
            return "I/O error: " + oneLine(String.valueOf(e.getMessage()));
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory; give Java more with ELBO_JAVA_OPTS=-Xmx8g (or a smaller data set)";
        }
        return "internal error: " + oneLine(e.toString()) + " (a bug; run again with --verbose for the "
                + "stack trace)";
    }

    private static int report(CliContext context, String command, String message, int code, Throwable e,
            boolean json) {
        PrintWriter err = context.err();
        err.println("elbo" + (command.isEmpty() ? "" : " " + command) + ": " + message);
        if (context.verbose() && e != null) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            err.print(trace);
        }
        err.flush();
        if (json) {
            JsonObject o = new JsonObject();
            o.addProperty("command", command);
            o.addProperty("ok", false);
            o.addProperty("exitCode", code);
            o.addProperty("error", message);
            context.out().println(GSON.toJson(o));
            context.out().flush();
        }
        return code;
    }

    /** {@code --json} among the arguments before a {@code --}, for errors raised while parsing. */
    private static boolean wantsJson(String[] args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals("--json")) {
                return true;
            }
        }
        return false;
    }

    /** {@code "data fetch"} for {@code elbo data fetch}; empty for the root. */
    static String commandPath(CommandSpec spec) {
        String q = spec.qualifiedName(" ");
        int space = q.indexOf(' ');
        return space < 0 ? "" : q.substring(space + 1);
    }

    static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    private static String lowerFirst(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        // keep acronyms and option names as they are: "Unknown option" -> "unknown option"
        if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))) {
            return Character.toLowerCase(s.charAt(0)) + s.substring(1);
        }
        return s;
    }
}
