package dev.elbo.models.cli;

import com.google.gson.JsonObject;

/**
 * What a command hands back: its result as JSON (printed with {@code --json}) and as text for a
 * person (printed otherwise; may be empty). {@link ElboSubcommand} adds {@code "command"} and
 * {@code "ok"} to the JSON.
 */
public record CommandResult(JsonObject json, String text) {

    /**
     * Adds a number to a result, or null when it is NaN or infinite (no validation, one example,
     * k = 1 …): strict JSON readers such as jq refuse NaN.
     */
    public static void number(JsonObject json, String key, double value) {
        if (Double.isFinite(value)) {
            json.addProperty(key, value);
        } else {
            json.add(key, com.google.gson.JsonNull.INSTANCE);
        }
    }

    /** A result with nothing to say beyond success. */
    public static CommandResult empty() {
        return new CommandResult(new JsonObject(), "");
    }
}
