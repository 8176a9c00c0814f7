package dev.elbo.models.cli;

import com.google.gson.JsonObject;

/**
 * What a command hands back: its result as JSON (printed with {@code --json}) and as text for a
 * person (printed otherwise; may be empty). {@link ElboSubcommand} adds {@code "command"} and
 * {@code "ok"} to the JSON.
 */
public record CommandResult(JsonObject json, String text) {

    /** A result with nothing to say beyond success. */
    public static CommandResult empty() {
        return new CommandResult(new JsonObject(), "");
    }
}
