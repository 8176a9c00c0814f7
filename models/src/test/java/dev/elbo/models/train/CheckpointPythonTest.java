package dev.elbo.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elbo.core.Rng;
import dev.elbo.models.optim.Adam;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the numpy recipe of {@link Checkpoint}'s Javadoc (taken from the source, so the
 * documentation is what is tested) on a checkpoint. Skipped where /usr/bin/python3 has no numpy.
 */
class CheckpointPythonTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path SOURCE = Path.of("src/main/java/dev/elbo/models/train/Checkpoint.java");

    @TempDir
    Path dir;

    private static String run(Path cwd, String code) throws Exception {
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", code).directory(cwd.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python did not finish");
        assertEquals(0, p.exitValue(), out);
        return out.strip();
    }

    private static String documentedSnippet() throws Exception {
        String source = Files.readString(SOURCE);
        int start = source.indexOf("<pre>{@code", source.indexOf("numpy-checkpoint-start"));
        int end = source.indexOf("}</pre>", start);
        assertTrue(start > 0 && end > start, "snippet markers not found in " + SOURCE);
        StringBuilder code = new StringBuilder();
        for (String line : source.substring(start + "<pre>{@code".length(), end).split("\n")) {
            code.append(line.replaceFirst("^\\s*\\* ?", "")).append('\n');
        }
        return code.toString();
    }

    @Test
    void theDocumentedNumpyRecipeReadsACheckpoint() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "no /usr/bin/python3");
        Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import numpy").start();
        Assumptions.assumeTrue(probe.waitFor() == 0, "no numpy");

        TinyVae model = new TinyVae(5, 3, 2, new Rng(4));
        TrainingConfig config = TrainingConfig.defaults().toBuilder().batchSize(64).build();
        Checkpoint.capture(model.parameters(), new Adam(model.parameters()), Map.of("noise", new Rng(1)), 2, 10,
                model.architecture(), config, new MetricsLog().toCsv()).write(dir.resolve(Checkpoint.FILE_NAME));

        String out = run(dir, documentedSnippet()
                + "print(w.shape[0], w.shape[1], repr(float(w[1, 2])), config['batchSize'], meta['epoch'],"
                + " arrays['optim.step'])\n");
        String[] f = out.split(" ");
        assertEquals("5 3", f[0] + " " + f[1], out);
        assertEquals(model.w0.get(1, 2), Double.parseDouble(f[2]), 0.0, out); // repr is exact
        assertEquals("64 2 0", f[3] + " " + f[4] + " " + f[5], out);
    }
}
