package dev.elbo.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of a command-line bench tool: {@code --name value} pairs, checked against the
 * names the tool knows. Mistakes are {@link IllegalArgumentException}s whose message is the
 * one line to print.
 */
final class ToolOptions {
    private final Map<String, String> values = new HashMap<>();

    /** Reads {@code args}; {@code known} are the option names (with their dashes). */
    ToolOptions(String[] args, String... known) {
        for (String[] pair : pairs(args, known)) {
            values.put(pair[0], pair[1]);
        }
    }

    /**
     * The {@code --name value} pairs of {@code args} in order, for tools whose options apply in
     * order. A name without a value is an error, and so is a name not among {@code known} (when
     * any are given; tools that check names themselves give none).
     */
    static List<String[]> pairs(String[] args, String... known) {
        List<String[]> pairs = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            if (known.length > 0 && !List.of(known).contains(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + " (expected one of "
                        + String.join(", ", known) + ")");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            pairs.add(new String[] {args[i], args[i + 1]});
        }
        return pairs;
    }

    /** {@code v} as an integer, or an error naming the option. */
    static int integer(String opt, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(opt + ": expected an integer, got '" + v + "'");
        }
    }

    /** {@code v} as a number, or an error naming the option. */
    static double real(String opt, String v) {
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(opt + ": expected a number, got '" + v + "'");
        }
    }

    /** How every bench tool reports a bad option: one line, {@code tool: message}, and exit status 2. */
    static void exit(String tool, IllegalArgumentException e) {
        System.err.println(tool + ": " + e.getMessage());
        System.exit(2);
    }

    String text(String opt, String fallback) {
        return values.getOrDefault(opt, fallback);
    }

    /** An integer in [1, max], or {@code fallback} when the option is absent. */
    int positive(String opt, int fallback, int max) {
        String v = values.get(opt);
        if (v == null) {
            return fallback;
        }
        try {
            int x = Integer.parseInt(v.trim());
            if (x >= 1 && x <= max) {
                return x;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(opt + ": expected an integer in [1, " + max + "], got '" + v + "'");
    }
}
