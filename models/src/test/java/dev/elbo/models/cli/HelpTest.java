package dev.elbo.models.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The help of every command: each option described, with its default shown, and every command listed. */
class HelpTest {

    private static List<CommandLine> allCommands() {
        CliContext ctx = new CliContext(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()),
                Map.of(), Path.of("/nonexistent-home"), () -> 0L, false, Datasets.ALL);
        List<CommandLine> all = new ArrayList<>();
        List<CommandLine> todo = new ArrayList<>(List.of(Main.commandLine(ctx)));
        while (!todo.isEmpty()) {
            CommandLine c = todo.remove(0);
            all.add(c);
            todo.addAll(c.getSubcommands().values());
        }
        return all;
    }

    @Test
    void everyOptionHasADescriptionAndItsDefault() {
        List<String> problems = new ArrayList<>();
        for (CommandLine c : allCommands()) {
            for (OptionSpec o : c.getCommandSpec().options()) {
                String name = c.getCommandSpec().qualifiedName(" ") + " " + o.longestName();
                String text = String.join(" ", o.description()).strip();
                if (text.isEmpty()) {
                    problems.add(name + ": no description");
                    continue;
                }
                boolean flag = o.typeInfo().isBoolean() || o.usageHelp() || o.versionHelp();
                if (!flag && !o.required() && !text.toLowerCase(Locale.ROOT).contains("default")) {
                    problems.add(name + ": no default shown in '" + text + "'");
                }
                if (o.defaultValue() != null && !text.contains("Default: ")) {
                    problems.add(name + ": has the default '" + o.defaultValue() + "' but does not show it");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theRootHelpListsEveryCommandWithAOneLineSummary() {
        TestCli.Result r = new TestCli(Path.of("/nonexistent-home")).run("--help");
        for (String command : List.of("demo", "train", "eval", "sample", "reconstruct", "encode", "interpolate",
                "data")) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith("  " + command + " ")), command + "\n" + r.out());
        }
        for (CommandLine c : allCommands()) {
            String[] description = c.getCommandSpec().usageMessage().description();
            assertTrue(description.length > 0, c.getCommandName());
            assertTrue(description[0].length() <= 100, "first line of '" + c.getCommandName() + "' is a summary: "
                    + description[0]);
            assertFalse(description[0].isBlank(), c.getCommandName());
        }
    }
}
