package dev.elbo.models.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.elbo.models.train.Checkpoint;
import dev.elbo.models.train.EpochMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code elbo train} in its own JVM, stopped by SIGTERM (what {@code kill} and, with SIGINT,
 * Ctrl-C do) once its first checkpoint is on disk: it must exit by the signal, leave a
 * checkpoint that loads and matches metrics.csv, say how to resume, and {@code --resume} must
 * continue from there.
 */
@DisabledOnOs(OS.WINDOWS)
class StopSignalTest {
    @TempDir
    Path tmp;

    /** The class path of this test run (Surefire passes it in a manifest-only jar, which java -cp follows too). */
    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    @Test
    void sigtermKeepsTheLastCheckpointAndResumeContinues() throws Exception {
        String data = RunFixtures.barsIdx(tmp.resolve("data"), 2000, 5);
        Path out = tmp.resolve("run");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "-Djava.awt.headless=true", "-cp", classPath(),
                Main.class.getName()));
        command.addAll(List.of(RunFixtures.train(data, out, "--epochs", "100000", "--hidden", "64", "--latent", "4",
                "--pictures", "none", "--progress", "lines")));
        Process p = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectOutput(tmp.resolve("stdout").toFile()).redirectError(tmp.resolve("stderr").toFile()).start();
        try {
            Path checkpoint = out.resolve(Checkpoint.FILE_NAME);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(checkpoint)) {
                if (!p.isAlive()) {
                    fail("train ended before its first checkpoint: exit " + p.exitValue() + "\n" + stderr());
                }
                if (System.nanoTime() > deadline) {
                    fail("no checkpoint after 60 s\n" + stderr());
                }
                Thread.sleep(20);
            }
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "train did not stop within 60 s of SIGTERM\n" + stderr());
        } finally {
            p.destroyForcibly();
        }
        assertEquals(128 + 15, p.exitValue(), "exit status of a SIGTERM\n" + stderr());
        String err = stderr();
        assertTrue(err.contains("continue with: elbo train --resume --out " + out), err);
        assertTrue(err.lines().noneMatch(l -> l.contains("Exception")), err);

        Checkpoint c = Checkpoint.read(out.resolve(Checkpoint.FILE_NAME));
        List<EpochMetrics> rows = RunFixtures.metrics(out);
        assertTrue(c.epoch() >= 1, "epoch " + c.epoch());
        assertEquals(c.epoch(), rows.size(), "metrics.csv ends at the checkpoint's epoch");
        assertTrue(err.contains(out.resolve(Checkpoint.FILE_NAME) + " holds epoch " + c.epoch()), err);

        TestCli.Result r = new TestCli(tmp.resolve("home")).run("train", "--resume", "--out", out.toString(),
                "--epochs", Integer.toString(c.epoch() + 1), "--progress", "none", "--json");
        assertEquals(0, r.code(), r.toString());
        assertEquals(c.epoch() + 1, RunFixtures.json(r).get("epochs").getAsInt());
        List<EpochMetrics> after = RunFixtures.metrics(out);
        assertEquals(c.epoch() + 1, after.size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(rows.get(i), after.get(i), "the stopped run's epochs are kept as they were");
        }
    }

    private String stderr() {
        try {
            return Files.readString(tmp.resolve("stderr"), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "(no stderr: " + e + ")";
        }
    }
}
