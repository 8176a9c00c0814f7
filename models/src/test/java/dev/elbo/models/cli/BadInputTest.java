package dev.elbo.models.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each kind of bad data through the real {@code elbo train}: exit code 1, one line on standard
 * error naming the file, the place in it and what was expected, no stack trace, and nothing
 * written. And the usage mistakes of the run commands: exit code 2, one line with the --help hint.
 */
class BadInputTest {
    @TempDir
    Path tmp;

    /** A bad input: how to make the file(s), the --data spec, and what the message must say. */
    record Case(String name, Function<Path, String> make, List<String> says) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static byte[] idxImages(int count, int side, int dataBytes, int magic) {
        byte[] b = new byte[16 + dataBytes];
        int[] header = {magic, count, side, side};
        for (int i = 0; i < 4; i++) {
            b[4 * i] = (byte) (header[i] >>> 24);
            b[4 * i + 1] = (byte) (header[i] >>> 16);
            b[4 * i + 2] = (byte) (header[i] >>> 8);
            b[4 * i + 3] = (byte) header[i];
        }
        for (int i = 16; i < b.length; i++) {
            b[i] = (byte) (i * 37);
        }
        return b;
    }

    private static String write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            return file.toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String text(Path file, String content) {
        return write(file, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void grey(Path file, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        try {
            Files.createDirectories(file.getParent());
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<Case> badData() {
        return List.of(
                new Case("truncated IDX", d -> "idx:" + write(d.resolve("short-images"), Arrays.copyOf(
                        idxImages(50, 4, 800, 0x803), 16 + 300)), List.of("short-images: byte ", "truncated")),
                new Case("wrong IDX magic", d -> "idx:" + write(d.resolve("magic-images"), idxImages(50, 4, 800, 0x0801)),
                        List.of("magic-images: byte ", "magic number 0x00000801, expected 0x00000803")),
                new Case("ragged CSV", d -> "csv:" + text(d.resolve("ragged.csv"), "a,b,c\n0.1,0.2,0.3\n0.4,0.5\n"),
                        List.of("ragged.csv: line 3: ", "expected 3 numbers")),
                new Case("non-numeric CSV", d -> "csv:" + text(d.resolve("words.csv"), "0.1,0.2,0.3\n0.4,abc,0.5\n"),
                        List.of("words.csv: line 2, column 2: ", "not a number: 'abc'")),
                new Case("NaN in CSV", d -> "csv:" + text(d.resolve("nan.csv"), "0.1,0.2,0.3\n0.4,NaN,0.5\n"),
                        List.of("nan.csv: line 2, column 2: ", "finite")),
                new Case("grey level above 1", d -> "csv:" + text(d.resolve("big.csv"), "0.1,0.2,0.3\n0.4,7,0.5\n"),
                        List.of("big.csv: example 2, column 2: value 7.0 is outside [0, 1]")),
                new Case("images of different sizes", d -> {
                    grey(d.resolve("crops/a.png"), 8, 8);
                    grey(d.resolve("crops/b.png"), 8, 8);
                    grey(d.resolve("crops/c.png"), 9, 8);
                    return "images:" + d.resolve("crops");
                }, List.of("c.png: ", "9×8", "expected 8×8")),
                new Case("missing file", d -> "csv:" + d.resolve("nowhere.csv"), List.of("nowhere.csv: ", "no such file")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badData")
    void badDataExitsOneWithOneLineNamingFileAndPlace(Case c) {
        String data = c.make().apply(tmp.resolve("in"));
        Path out = tmp.resolve("out");
        TestCli.Result r = new TestCli(tmp.resolve("home")).run("train", "--data", data, "--out", out.toString(),
                "--hidden", "4", "--latent", "2", "--batch", "2", "--epochs", "1", "--progress", "none");
        assertEquals(1, r.code(), r.toString());
        assertEquals(1, r.errLines().size(), "one line\n" + r);
        String line = r.errLines().get(0);
        assertTrue(line.startsWith("elbo train: "), line);
        for (String s : c.says()) {
            assertTrue(line.contains(s), "'" + s + "' in: " + line);
        }
        assertFalse(line.contains("Exception") || line.contains("\tat "), line);
        assertEquals("", r.out());
        assertFalse(Files.exists(out), "nothing written for bad input");
    }

    @Test
    void badDataWithJsonGivesTheErrorObject() {
        String data = "csv:" + text(tmp.resolve("ragged.csv"), "1,2\n3\n");
        TestCli.Result r = new TestCli(tmp.resolve("home")).run("train", "--data", data, "--out",
                tmp.resolve("out").toString(), "--json");
        assertEquals(1, r.code(), r.toString());
        JsonObject j = RunFixtures.json(r);
        assertFalse(j.get("ok").getAsBoolean());
        assertEquals(1, j.get("exitCode").getAsInt());
        assertTrue(j.get("error").getAsString().contains("ragged.csv: line 2"), j.toString());
    }

    @Test
    void verboseAddsTheStackTraceBelowTheSameLine() {
        String data = "csv:" + text(tmp.resolve("ragged.csv"), "1,2\n3\n");
        TestCli plain = new TestCli(tmp.resolve("home"));
        TestCli.Result quiet = plain.run("train", "--data", data, "--out", tmp.resolve("out").toString());
        TestCli.Result verbose = plain.run("--verbose", "train", "--data", data, "--out", tmp.resolve("out").toString());
        assertEquals(1, verbose.code(), verbose.toString());
        assertEquals(1, quiet.errLines().size(), quiet.toString());
        assertTrue(verbose.errLines().contains(quiet.errLines().get(0)), verbose.toString());
        assertTrue(verbose.errLines().stream().anyMatch(l -> l.startsWith("\tat ")), verbose.toString());
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    static List<Arguments> usageMistakes() {
        return List.of(
                Arguments.of("train --hidden 20x --out OUT", "train", "--hidden '20x': expected layer sizes"),
                Arguments.of("train --likelihood poisson --out OUT", "train", "--likelihood 'poisson': expected"),
                Arguments.of("train --activation sigmoid --out OUT", "train", "unknown activation 'sigmoid'"),
                Arguments.of("train --data foo:bar --out OUT", "train", "--data foo:bar: unknown kind 'foo'"),
                Arguments.of("train --data nothing-here --out OUT", "train", "neither a known data set"),
                Arguments.of("train --schedule linear --out OUT", "train", "--schedule 'linear': expected"),
                Arguments.of("train --binarize maybe --out OUT", "train", "--binarize 'maybe'"),
                Arguments.of("train --epochs 0 --out OUT", "train", "--epochs 0"),
                Arguments.of("train --resume", "train", "--resume needs --out"),
                Arguments.of("train --resume --force --out OUT", "train", "cannot be combined"),
                Arguments.of("train --threads -1 --out OUT", "train", "--threads -1"),
                Arguments.of("train --likelihood categorical --data DATA --out OUT", "train", "one-hot sequences"),
                Arguments.of("eval", "eval", "missing required option: '--run=DIR'"),
                Arguments.of("eval --run OUT --k 0", "eval", "--k 0"),
                Arguments.of("eval --run OUT --split hold-out", "eval", "--split"),
                Arguments.of("sample --run OUT --n 0", "sample", "--n 0"),
                Arguments.of("interpolate --run OUT --steps 1", "interpolate", "--steps 1"),
                Arguments.of("data binarize-test mnist", "data binarize-test", "missing required option: '--out=FILE'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usageMistakes")
    void usageMistakesExitTwoWithTheHelpHint(String args, String command, String says) throws IOException {
        String data = RunFixtures.barsIdx(tmp.resolve("data"), 40, 1);
        String[] argv = args.replace("OUT", tmp.resolve("out").toString()).replace("DATA", data).split(" ");
        TestCli.Result r = new TestCli(tmp.resolve("home")).run(argv);
        assertEquals(2, r.code(), r.toString());
        assertEquals(1, r.errLines().size(), "one line\n" + r);
        String line = r.errLines().get(0);
        assertTrue(line.startsWith("elbo " + command + ": "), line);
        assertTrue(line.contains(says), "'" + says + "' in: " + line);
        assertTrue(line.endsWith("; see 'elbo " + command + " --help'"), line);
    }
}
