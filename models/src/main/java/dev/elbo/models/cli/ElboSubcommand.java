package dev.elbo.models.cli;

import com.google.gson.JsonObject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The shape every leaf command shares: it computes a {@link CommandResult}, and this class
 * prints it — one JSON object on standard output with {@code --json}, its text otherwise.
 * Errors are thrown, never printed here: {@link Main} turns them into one line and an exit code.
 */
public abstract class ElboSubcommand implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    /** Does the work; throws {@link UserException}, {@code DataFormatException} or I/O errors. */
    protected abstract CommandResult execute() throws Exception;

    /** The context of this run (streams, environment, clock, global options). */
    protected CliContext context() {
        return ((ElboCommand) spec.root().userObject()).context();
    }

    /** The command's name without the leading {@code elbo}, e.g. {@code "data fetch"}. */
    protected String commandName() {
        return Main.commandPath(spec);
    }

    @Override
    public Integer call() throws Exception {
        CommandResult result = execute();
        CliContext ctx = context();
        if (ctx.json()) {
            JsonObject json = new JsonObject();
            json.addProperty("command", commandName());
            json.addProperty("ok", true);
            result.json().entrySet().forEach(e -> json.add(e.getKey(), e.getValue()));
            ctx.out().println(Main.GSON.toJson(json));
        } else if (!result.text().isEmpty()) {
            ctx.out().print(result.text().endsWith("\n") ? result.text() : result.text() + "\n");
        }
        ctx.out().flush();
        return Main.EXIT_OK;
    }
}
