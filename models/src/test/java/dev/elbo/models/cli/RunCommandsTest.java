package dev.elbo.models.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.elbo.autodiff.Tensor;
import dev.elbo.models.train.Checkpoint;
import dev.elbo.models.train.EpochMetrics;
import dev.elbo.models.train.TrainingConfig;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run commands through the real command line, in memory, on a small image data set the test
 * writes: train → run folder, resume, eval, sample, reconstruct, encode, interpolate.
 */
class RunCommandsTest {
    @TempDir
    Path tmp;

    private String data;

    @BeforeEach
    void writeData() throws IOException {
        data = RunFixtures.barsIdx(tmp.resolve("data"), 240, 7);
    }

    private TestCli cli() {
        return new TestCli(tmp.resolve("home"));
    }

    private TestCli.Result train(Path out, String... extra) {
        TestCli.Result r = cli().run(RunFixtures.train(data, out, extra));
        assertEquals(0, r.code(), r.toString());
        return r;
    }

    @Test
    void trainWritesTheRunFolderAndReportsJson() throws Exception {
        Path out = tmp.resolve("run");
        TestCli.Result r = train(out, "--json");
        JsonObject j = RunFixtures.json(r);
        assertTrue(j.get("ok").getAsBoolean(), r.toString());
        assertEquals(2, j.get("epochs").getAsInt());
        for (String key : List.of("train_elbo", "valid_elbo", "kl", "examples_per_second", "seconds")) {
            assertTrue(Double.isFinite(j.get(key).getAsDouble()), key + " in " + j);
        }
        assertTrue(j.get("train_elbo").getAsDouble() < 0, j.toString());
        assertTrue(j.get("examples_per_second").getAsDouble() > 0, j.toString());
        assertFalse(j.get("stopped").getAsBoolean());

        Checkpoint c = Checkpoint.read(out.resolve("checkpoint.safetensors"));
        assertEquals(2, c.epoch());
        List<EpochMetrics> rows = RunFixtures.metrics(out);
        assertEquals(2, rows.size());
        assertEquals(rows.get(1).trainBound(), j.get("train_elbo").getAsDouble());
        RunConfig config = RunConfig.parse(out.resolve("config.json"), Files.readString(out.resolve("config.json")));
        assertEquals(36, config.architecture().inputDim());
        assertEquals(List.of(16), config.architecture().encoderHidden());
        assertEquals(6, config.imageHeight());
        for (String picture : RunFolder.PICTURES) {
            RunFixtures.png(out.resolve(picture));
        }
        assertEquals(RunFolder.PICTURES.size(), j.getAsJsonArray("pictures").size());
    }

    @Test
    void numbersThatDoNotExistAreNullNotNaN() {
        TestCli.Result r = train(tmp.resolve("run"), "--valid-fraction", "0", "--json", "--pictures", "none");
        JsonObject j = RunFixtures.json(r);
        assertTrue(j.get("valid_elbo").isJsonNull(), j.toString());
        assertFalse(r.out().contains("NaN"), "strict JSON (jq refuses NaN): " + r.out());
        TestCli.Result e = cli().run("eval", "--run", tmp.resolve("run").toString(), "--k", "1", "--limit", "3",
                "--json", "--progress", "none");
        assertEquals(0, e.code(), e.toString());
        assertTrue(RunFixtures.json(e).get("log_px_mc_stderr").isJsonNull(), "no Monte Carlo error with k = 1");
        assertFalse(e.out().contains("NaN"), e.out());
    }

    @Test
    void resumedRunEndsExactlyWhereAnUninterruptedOneDoes() throws Exception {
        Path straight = tmp.resolve("straight");
        train(straight, "--epochs", "4", "--pictures", "none");
        Path resumed = tmp.resolve("resumed");
        train(resumed, "--epochs", "2", "--pictures", "none");
        TestCli.Result r = cli().run("train", "--resume", "--out", resumed.toString(), "--epochs", "4", "--progress",
                "none", "--threads", "2", "--pictures", "none");
        assertEquals(0, r.code(), r.toString());

        List<EpochMetrics> a = RunFixtures.metrics(straight);
        List<EpochMetrics> b = RunFixtures.metrics(resumed);
        assertEquals(4, b.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(a.get(i).withoutTiming(), b.get(i).withoutTiming(), "epoch " + (i + 1));
        }
        RunFolder.Model ma = new RunFolder(straight).loadModel();
        RunFolder.Model mb = new RunFolder(resumed).loadModel();
        for (int p = 0; p < ma.vae().parameters().size(); p++) {
            Tensor x = ma.vae().parameters().get(p);
            assertArrayEquals(x.value(), mb.vae().parameters().get(p).value(), x.name());
        }
        assertEquals(4, mb.config().training().epochs(), "config.json records the new total");
    }

    @Test
    void monteCarloKlTrainsADifferentRunThatResumesWithIt() throws Exception {
        Path analytic = tmp.resolve("analytic");
        train(analytic, "--epochs", "2", "--pictures", "none", "--samples", "2");
        Path mc = tmp.resolve("mc");
        train(mc, "--epochs", "2", "--pictures", "none", "--kl", "mc", "--samples", "2");
        RunFolder.Model m = new RunFolder(mc).loadModel();
        assertEquals(TrainingConfig.ObjectiveKind.ELBO_MC_KL, m.config().training().objective());
        List<EpochMetrics> a = RunFixtures.metrics(analytic);
        List<EpochMetrics> b = RunFixtures.metrics(mc);
        assertNotEquals(a.get(1).trainBound(), b.get(1).trainBound(), "the estimator reached the objective");
        assertTrue(Double.isFinite(b.get(1).trainBound()), b.get(1).toString());

        TestCli.Result r = cli().run("train", "--resume", "--out", mc.toString(), "--epochs", "3", "--progress",
                "none", "--pictures", "none");
        assertEquals(0, r.code(), r.toString());
        assertEquals(TrainingConfig.ObjectiveKind.ELBO_MC_KL, new RunFolder(mc).loadModel().config().training().objective());

        for (String[] bad : new String[][] {{"--kl", "sampled"}, {"--iwae", "--kl", "mc"}}) {
            TestCli.Result u = cli().run(RunFixtures.train(data, tmp.resolve("bad"), bad));
            assertEquals(2, u.code(), u.toString());
            assertEquals(1, u.errLines().size(), u.toString());
            assertTrue(u.err().contains("--kl"), u.toString());
        }
    }

    @Test
    void refusesToOverwriteARunUnlessForced() throws Exception {
        Path out = tmp.resolve("run");
        train(out, "--pictures", "none");
        String before = Files.readString(out.resolve("config.json"));
        TestCli.Result again = cli().run(RunFixtures.train(data, out, "--latent", "4"));
        assertEquals(2, again.code(), again.toString());
        assertEquals(1, again.errLines().size(), again.toString());
        assertTrue(again.err().contains("--resume") && again.err().contains("--force"), again.toString());
        assertEquals(before, Files.readString(out.resolve("config.json")), "the old run is untouched");
        train(out, "--latent", "4", "--force", "--pictures", "none");
        assertTrue(Files.readString(out.resolve("config.json")).contains("\"latentDim\": 4"));
    }

    @Test
    void resumeRefusesChangedSettings() {
        Path out = tmp.resolve("run");
        train(out, "--pictures", "none");
        TestCli.Result r = cli().run("train", "--resume", "--out", out.toString(), "--epochs", "3", "--lr", "0.1");
        assertEquals(2, r.code(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.err().startsWith("elbo train: --lr cannot be changed on --resume"), r.toString());
        TestCli.Result done = cli().run("train", "--resume", "--out", out.toString(), "--progress", "none");
        assertEquals(1, done.code(), done.toString());
        assertTrue(done.err().contains("has trained 2 of 2 epochs"), done.toString());
    }

    @Test
    void evalReportsTheBoundsTheSameForAnyThreadCount() throws Exception {
        Path out = tmp.resolve("run");
        train(out, "--pictures", "none");
        Path perExample = tmp.resolve("scores.csv");
        TestCli.Result one = cli().run("eval", "--run", out.toString(), "--k", "64", "--threads", "1", "--json",
                "--progress", "none", "--per-example", perExample.toString());
        TestCli.Result two = cli().run("eval", "--run", out.toString(), "--k", "64", "--threads", "2", "--json",
                "--progress", "none");
        assertEquals(0, one.code(), one.toString());
        assertEquals(0, two.code(), two.toString());
        JsonObject a = RunFixtures.json(one);
        JsonObject b = RunFixtures.json(two);
        int n = a.get("n").getAsInt();
        assertEquals(24, n, "a tenth of the 240 examples is the test split");
        assertEquals(64, a.get("k").getAsInt());
        for (String key : List.of("elbo", "iwae", "log_px", "log_px_stderr", "elbo_stderr", "log_px_mc_stderr")) {
            assertTrue(Double.isFinite(a.get(key).getAsDouble()), key + " in " + a);
            assertEquals(a.get(key).getAsDouble(), b.get(key).getAsDouble(), key + ": 1 thread vs 2");
        }
        assertEquals(a.get("iwae").getAsDouble(), a.get("log_px").getAsDouble());
        List<String> lines = Files.readAllLines(perExample);
        assertEquals("index,label,elbo,log_px,stderr,ess", lines.get(0));
        assertEquals(n + 1, lines.size());
        double sum = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            assertEquals(6, f.length, line);
            sum += Double.parseDouble(f[3]);
            double ess = Double.parseDouble(f[5]);
            assertTrue(ess >= 1 - 1e-9 && ess <= 64 + 1e-9, line);
        }
        assertEquals(a.get("log_px").getAsDouble(), sum / n, 1e-9, "the mean of the per-example estimates");

        TestCli.Result limited = cli().run("eval", "--run", out.toString(), "--k", "8", "--split", "valid", "--limit",
                "5", "--json", "--progress", "none");
        assertEquals(0, limited.code(), limited.toString());
        assertEquals(5, RunFixtures.json(limited).get("n").getAsInt());
    }

    @Test
    void lookCommandsWriteTheirFiles() throws Exception {
        Path out = tmp.resolve("run");
        train(out, "--pictures", "none");
        TestCli cli = cli();

        TestCli.Result s = cli.run("sample", "--run", out.toString(), "--n", "12", "--seed", "3", "--json");
        assertEquals(0, s.code(), s.toString());
        RunFixtures.png(Path.of(RunFixtures.json(s).get("file").getAsString()));
        assertTrue(Files.isRegularFile(out.resolve("sample-seed3.png")));

        Path rec = tmp.resolve("rec.png");
        TestCli.Result r = cli.run("reconstruct", "--run", out.toString(), "--n", "7", "--out", rec.toString());
        assertEquals(0, r.code(), r.toString());
        BufferedImage recImage = RunFixtures.png(rec);
        assertTrue(recImage.getWidth() > recImage.getHeight() / 2, "7 examples in one row pair");

        Path codes = tmp.resolve("codes.csv");
        TestCli.Result e = cli.run("encode", "--run", out.toString(), "--out", codes.toString(), "--log-var");
        assertEquals(0, e.code(), e.toString());
        List<String> lines = Files.readAllLines(codes);
        assertEquals("index,label,mu_1,mu_2,mu_3,logvar_1,logvar_2,logvar_3", lines.get(0));
        assertEquals(25, lines.size(), "the 24 test examples");
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            assertEquals(8, f.length, line);
            Integer.parseInt(f[1]); // labelled
            for (int i = 2; i < 8; i++) {
                assertTrue(Double.isFinite(Double.parseDouble(f[i])), line);
            }
        }

        TestCli.Result i = cli.run("interpolate", "--run", out.toString(), "--from", "2", "--to", "5", "--steps", "6");
        assertEquals(0, i.code(), i.toString());
        BufferedImage strip = RunFixtures.png(out.resolve("interpolate-2-5.png"));
        assertTrue(strip.getWidth() > 2 * strip.getHeight(), "a strip: " + strip.getWidth() + "×" + strip.getHeight());

        TestCli.Result bad = cli.run("interpolate", "--run", out.toString(), "--from", "2", "--to", "500");
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.err().contains("example 500 is not in the test split"), bad.toString());
    }

    @Test
    void nonImageDataGetsTheChartsOnly() throws Exception {
        Path csv = tmp.resolve("cells.csv");
        StringBuilder b = new StringBuilder("g1,g2,g3,g4,type\n");
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < 200; i++) {
            double t = rnd.nextGaussian();
            b.append(String.format(java.util.Locale.ROOT, "%.4f,%.4f,%.4f,%.4f,%d%n", t + 0.1 * rnd.nextGaussian(),
                    2 * t + 0.1 * rnd.nextGaussian(), -t + 0.1 * rnd.nextGaussian(), rnd.nextGaussian(), t > 0 ? 1 : 0));
        }
        Files.writeString(csv, b);
        Path out = tmp.resolve("cells");
        TestCli.Result r = cli().run("train", "--data", "csv:" + csv, "--label-column", "type", "--likelihood",
                "gaussian", "--hidden", "8", "--latent", "2", "--epochs", "2", "--batch", "20", "--out", out.toString(),
                "--progress", "none", "--json");
        assertEquals(0, r.code(), r.toString());
        RunFixtures.png(out.resolve("latent.png"));
        RunFixtures.png(out.resolve("curves.png"));
        assertFalse(Files.exists(out.resolve("samples.png")), "rows that are not images are not drawn");
        TestCli.Result s = cli().run("sample", "--run", out.toString());
        assertEquals(1, s.code(), s.toString());
        assertTrue(s.err().contains("not images"), s.toString());
        TestCli.Result e = cli().run("eval", "--run", out.toString(), "--k", "16", "--json", "--progress", "none");
        assertEquals(0, e.code(), e.toString());
        assertEquals(20, RunFixtures.json(e).get("n").getAsInt());
    }

    @Test
    void evalReadsRawBinarizedBytesAndRefusesOthers() throws Exception {
        Path out = tmp.resolve("run");
        train(out, "--pictures", "none");
        Path good = tmp.resolve("good.u8");
        byte[] bytes = new byte[3 * 36];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i % 3 == 0 ? 1 : 0);
        }
        Files.write(good, bytes);
        TestCli.Result r = cli().run("eval", "--run", out.toString(), "--binarized", good.toString(), "--k", "4",
                "--json", "--progress", "none");
        assertEquals(0, r.code(), r.toString());
        assertEquals(3, RunFixtures.json(r).get("n").getAsInt());

        bytes[40] = 7;
        Path bad = tmp.resolve("bad.u8");
        Files.write(bad, bytes);
        TestCli.Result b = cli().run("eval", "--run", out.toString(), "--binarized", bad.toString(), "--k", "4");
        assertEquals(1, b.code(), b.toString());
        assertEquals(List.of("elbo eval: " + bad + ": byte 40: value 7, expected 0 or 1 (example 2, value 5)"),
                b.errLines());

        Files.write(bad, new byte[35]);
        TestCli.Result c = cli().run("eval", "--run", out.toString(), "--binarized", bad.toString());
        assertEquals(1, c.code(), c.toString());
        assertTrue(c.err().contains("35 bytes are not whole examples of 36 values"), c.toString());
    }

    @Test
    void commandsOnAFolderThatIsNotARunSaySo() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        for (String command : List.of("eval", "sample", "reconstruct", "encode", "interpolate")) {
            TestCli.Result r = cli().run(command, "--run", empty.toString());
            assertEquals(1, r.code(), r.toString());
            assertEquals(List.of("elbo " + command + ": " + empty + ": not a run folder (no config.json; 'elbo train "
                    + "--out " + empty + "' makes one)"), r.errLines());
        }
    }
}
