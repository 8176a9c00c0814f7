package dev.elbo.models.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import dev.elbo.models.train.EpochMetrics;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real command line on the real MNIST files: a short training run of the IWAE paper's model
 * (3000 training images, 2 epochs), an evaluation with a small k, and the other commands; checks
 * the outputs exist, the pictures are images, and the bound improved.
 *
 * <p>MNIST comes from the user's cache ({@code $ELBO_CACHE}, else ~/.cache/elbo; fill it with
 * {@code ./elbo data fetch mnist}). Without it the test is skipped — unless
 * {@code ELBO_REQUIRE_MNIST=1} (as CI sets it), then it fails.
 */
class MnistEndToEndTest {
    @TempDir
    Path tmp;

    @Test
    void trainEvaluateAndLookOnRealMnist() throws Exception {
        Map<String, String> real = System.getenv();
        TestCli cli = new TestCli(Path.of(System.getProperty("user.home")));
        for (String name : List.of("ELBO_CACHE", "XDG_CACHE_HOME")) {
            if (real.containsKey(name)) {
                cli.env.put(name, real.get(name));
            }
        }
        CliContext probe = new CliContext(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()),
                cli.env, cli.home, () -> 0L, false, Datasets.ALL);
        Path folder = DataCache.folder(DataCache.root(null, probe), Datasets.MNIST);
        boolean present = Datasets.MNIST.files().stream().allMatch(f -> Files.isRegularFile(folder.resolve(f.name())));
        if (!present) {
            if ("1".equals(real.get("ELBO_REQUIRE_MNIST"))) {
                fail("ELBO_REQUIRE_MNIST=1 but MNIST is not in " + folder + " (run ./elbo data fetch mnist first)");
            }
            assumeTrue(false, "MNIST is not in " + folder + "; ./elbo data fetch mnist enables this test");
        }

        Path out = tmp.resolve("mnist-run");
        TestCli.Result t = cli.run("train", "--data", "mnist", "--train-limit", "3000", "--epochs", "2", "--out",
                out.toString(), "--progress", "lines", "--pictures", "end", "--json");
        assertEquals(0, t.code(), t.toString());
        JsonObject train = RunFixtures.json(t);
        assertEquals(2, train.get("epochs").getAsInt());
        assertTrue(t.err().contains("784-200-200-50 tanh, bernoulli: 2,700 training, 300 validation, 10,000 test"),
                t.err());

        List<EpochMetrics> rows = RunFixtures.metrics(out);
        assertEquals(2, rows.size());
        assertTrue(rows.get(1).trainBound() > rows.get(0).trainBound(), "training ELBO improved: " + rows);
        assertTrue(rows.get(1).validBound() > rows.get(0).validBound(), "validation ELBO improved: " + rows);
        assertTrue(rows.get(1).validBound() > -250 && rows.get(1).validBound() < -90, "a plausible bound: " + rows);
        for (String picture : RunFolder.PICTURES) {
            RunFixtures.png(out.resolve(picture));
        }

        TestCli.Result e = cli.run("eval", "--run", out.toString(), "--limit", "100", "--k", "50", "--json",
                "--progress", "none");
        assertEquals(0, e.code(), e.toString());
        JsonObject eval = RunFixtures.json(e);
        assertEquals(100, eval.get("n").getAsInt());
        double elbo = eval.get("elbo").getAsDouble();
        double logPx = eval.get("log_px").getAsDouble();
        assertTrue(logPx > elbo, "IWAE_50 above the ELBO on 100 digits: " + eval);
        assertTrue(logPx < 0 && logPx > -250, eval.toString());

        Path codes = tmp.resolve("codes.csv");
        assertEquals(0, cli.run("encode", "--run", out.toString(), "--limit", "50", "--out", codes.toString()).code());
        assertEquals(51, Files.readAllLines(codes).size());
        assertEquals(0, cli.run("sample", "--run", out.toString(), "--n", "16").code());
        RunFixtures.png(out.resolve("sample-seed0.png"));
        assertEquals(0, cli.run("reconstruct", "--run", out.toString(), "--n", "10").code());
        RunFixtures.png(out.resolve("reconstruct-test.png"));
        assertEquals(0, cli.run("interpolate", "--run", out.toString(), "--from", "0", "--to", "1").code());
        RunFixtures.png(out.resolve("interpolate-0-1.png"));

        Path bytes = tmp.resolve("test.u8");
        TestCli.Result b = cli.run("data", "binarize-test", "mnist", "--out", bytes.toString(), "--json");
        assertEquals(0, b.code(), b.toString());
        assertEquals(10_000L * 784, Files.size(bytes));
        TestCli.Result same = cli.run("eval", "--run", out.toString(), "--binarized", bytes.toString(), "--limit",
                "100", "--k", "50", "--json", "--progress", "none");
        assertEquals(0, same.code(), same.toString());
        assertEquals(logPx, RunFixtures.json(same).get("log_px").getAsDouble(),
                "the written bytes are the digits eval scores");
    }
}
